"""Changes to a catalog document one part at a time, as the workspace's forms make them.

Pure functions over the JSON document (no loading, no checks: the loader checks the result). Parts
are found by id: a product, an attribute of a product (in whichever module), an option of an
attribute, a rule or a price rule of a product. Each finder also gives the part's field path in the
loader's spelling (`products[0].modules[3].attributes[0].options[4]`) so the loader's located
problems can be put back on the form's fields.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Document = dict[str, Any]

LISTS = {"modules": "modules", "rules": "rules", "price-rules": "price_rules"}
"""Address segment -> the product's list of that part."""


class PartNotFoundError(LookupError):
    """The document has no part with this id (the address names none)."""


@dataclass(frozen=True)
class Found:
    """A part of the document: its list, its index in the list (None: a new part) and its field path."""

    items: list[dict[str, Any]]
    index: int | None
    path: str

    @property
    def part(self) -> dict[str, Any]:
        """The part itself ({} for a new one)."""
        return copy.deepcopy(self.items[self.index]) if self.index is not None else {}


def _index(items: list[dict[str, Any]], part_id: str | None) -> int | None:
    if part_id is None:
        return None
    for index, item in enumerate(items):
        if str(item.get("id")) == part_id:
            return index
    raise PartNotFoundError(part_id)


def product(document: Document, product_id: str | None) -> Found:
    """The product `product_id` (None: a new product)."""
    items = document.setdefault("products", [])
    index = _index(items, product_id)
    return Found(items, index, f"products[{len(items) if index is None else index}]")


def product_part(document: Document, product_id: str, kind: str, part_id: str | None) -> Found:
    """A module, rule or price rule (`kind` as in the address) of a product (None: a new one)."""
    owner = product(document, product_id)
    assert owner.index is not None
    items = owner.items[owner.index].setdefault(LISTS[kind], [])
    index = _index(items, part_id)
    return Found(items, index, f"{owner.path}.{LISTS[kind]}[{len(items) if index is None else index}]")


def attribute(document: Document, product_id: str, attribute_id: str | None, module_id: str | None = None) -> Found:
    """An attribute of a product, in whichever module holds it; a new one goes in `module_id`."""
    owner = product(document, product_id)
    assert owner.index is not None
    modules = owner.items[owner.index].get("modules", [])
    for m, module in enumerate(modules):
        items = module.setdefault("attributes", [])
        if attribute_id is not None and any(str(a.get("id")) == attribute_id for a in items):
            index = _index(items, attribute_id)
            return Found(items, index, f"{owner.path}.modules[{m}].attributes[{index}]")
        if attribute_id is None and str(module.get("id")) == module_id:
            return Found(items, None, f"{owner.path}.modules[{m}].attributes[{len(items)}]")
    raise PartNotFoundError(attribute_id or module_id or "")


def option(document: Document, product_id: str, attribute_id: str, option_id: str | None) -> Found:
    """An option of an attribute (None: a new one)."""
    owner = attribute(document, product_id, attribute_id)
    assert owner.index is not None
    items = owner.items[owner.index].setdefault("options", [])
    index = _index(items, option_id)
    return Found(items, index, f"{owner.path}.options[{len(items) if index is None else index}]")


def put(found: Found, part: dict[str, Any]) -> None:
    """Write `part` in place of the found one, or after the last one when it is new."""
    if found.index is None:
        found.items.append(part)
    else:
        found.items[found.index] = part


def remove(found: Found) -> None:
    """Take the found part out of its list."""
    if found.index is not None:
        del found.items[found.index]


def changed(document: Document, change: Callable[[Document], None]) -> Document:
    """A copy of `document` with `change` applied (the original is left as it was)."""
    copied = copy.deepcopy(document)
    change(copied)
    return copied


def field_of(problem_path: str, part_path: str, fields: Mapping[str, str]) -> str | None:
    """The form field a loader problem at `problem_path` belongs to, for a form over the part at
    `part_path`; `fields` maps path names (`label_es` for `label.es`) to the form's inputs
    (None: no field of this form)."""
    if problem_path != part_path and not problem_path.startswith((part_path + ".", part_path + "[")):
        return None
    rest = problem_path[len(part_path) :].lstrip(".")
    parts = rest.replace("[", ".").replace("]", "").split(".") if rest else []
    parts = ["if" if p == "if_" else p for p in parts if p]
    while parts:
        name = "_".join(parts)
        if name in fields:
            return fields[name]
        parts.pop()
    return fields.get("id") if not rest else None
