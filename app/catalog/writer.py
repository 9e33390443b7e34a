"""Writing a catalog back to YAML or JSON that people can read, edit and load again.

Fields at their defaults are left out (`kind` and required fields always stay), keys follow
the models' field order with `id` and `kind` first and validity dates last, `format: 1` heads
the document, and short lists of ids are written inline (`[en, es]`).
Numbers stay numbers: a `Decimal` is written as an integer when integral, else as a decimal
(`7.9`) when the float YAML reads back is the same number; a decimal with more digits than a
float keeps is written as quoted text, which the models read back as the same `Decimal` (in
JSON, so is a decimal whose float prints with an exponent, such as 0.00001).
Multi-line text (a table's tuples) is a YAML literal block (`|`), one tuple a line. Ids that
YAML 1.1 would read as something else (`'0'`, `'-1'`, `'no'`, `'010'`, `'1:30'`) are quoted,
so `load_catalog_text(dump_catalog(c)) == c`. JSON is written with the same numbers.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import yaml

from app.catalog.model import Catalog

_BaseDumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_FIRST_KEYS = ("format", "id", "kind")
_LAST_KEYS = ("valid_from", "valid_to")
_FLOW_WIDTH = 80


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """Safe dumper writing multi-line text as literal blocks and decimals as plain numbers."""


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_decimal(dumper: yaml.SafeDumper, number: Decimal) -> yaml.ScalarNode:
    if _integral(number):
        return dumper.represent_int(int(number))
    if _float_exact(number):  # positional, so YAML 1.1 reads it as a float (it does not read `1e-05`)
        return dumper.represent_scalar("tag:yaml.org,2002:float", format(number.normalize(), "f"))
    return dumper.represent_str(str(number))


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    scalars = all(isinstance(item, str | int | Decimal) and not isinstance(item, bool) for item in items)
    flow = (
        scalars and sum(len(str(item)) + 2 for item in items) <= _FLOW_WIDTH and not any("\n" in str(i) for i in items)
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(list, _represent_list)


def dump_catalog(catalog: Catalog, *, json_format: bool = False) -> str:
    """The catalog as YAML (default) or JSON text that loads back as an equal catalog."""
    data = _ordered(catalog.model_dump(mode="python", by_alias=True, exclude_defaults=True))
    data = {"format": catalog.format, **data}
    if json_format:
        return json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n"
    text: str = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=120
    )
    return text


def _ordered(value: Any) -> Any:
    """Plain data with `id` and `kind` leading each mapping and validity dates last."""
    if isinstance(value, dict):
        ends = (*_FIRST_KEYS, *_LAST_KEYS)
        keys = [key for key in _FIRST_KEYS if key in value] + [key for key in value if key not in ends]
        keys += [key for key in _LAST_KEYS if key in value]
        return {key: _ordered(value[key]) for key in keys}
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


def _integral(number: Decimal) -> bool:
    return number.is_finite() and number == number.to_integral_value()


def _float_exact(number: Decimal) -> bool:
    """True when the float nearest `number` prints back as the same decimal."""
    return number.is_finite() and Decimal(repr(float(number))) == number


def _json_number(number: Decimal) -> int | float | str:
    """An int when integral, a float when it prints back exactly without an exponent, else text."""
    if _integral(number):
        return int(number)
    if _float_exact(number) and "e" not in repr(float(number)):
        return float(number)
    return str(number)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _json_number(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
