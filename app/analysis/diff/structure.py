"""The structural diff of two catalog documents: parts added, removed and changed, down to the field.

Parts are matched by id: products in the catalog, modules in their product, attributes anywhere
in their product (an attribute moved to another module is changed in its `module`), options in
their attribute, rules and price rules in their product. Each change gives the part's path in
the document before and after, so a page can link to either version and the CLI can place it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from app.catalog.attributes import Numeric, YesNo
from app.catalog.errors import Loc
from app.catalog.model import Catalog, Product

Part = Literal["catalog", "product", "module", "attribute", "option", "rule", "price_rule"]
ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class FieldChange:
    """One field of a part: its dotted name inside the part and its value before and after (JSON)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    """A part added, removed or changed, with its path in each version (None where it is not)."""

    part: Part
    change: ChangeKind
    id: str
    product: str | None = None
    attribute: str | None = None
    before: Loc | None = None
    after: Loc | None = None
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class PriceChange:
    """An option whose list price or unit cost on the date differs (None: not in that version)."""

    product: str
    attribute: str
    option: str
    price_before: int | None
    price_after: int | None
    cost_before: int | None
    cost_after: int | None


_CHILDREN = {"products", "modules", "attributes", "options", "rules", "price_rules"}


def structural_changes(before: Catalog, after: Catalog) -> list[Change]:
    """Every part added, removed or changed from `before` to `after`, in document order."""
    changes: list[Change] = []
    fields = _fields(_dump(before), _dump(after))
    if fields:
        changes.append(Change("catalog", "changed", after.id, before=(), after=(), fields=fields))
    old = {p.id: (i, p) for i, p in enumerate(before.products)}
    new = {p.id: (i, p) for i, p in enumerate(after.products)}
    for product_id in _ids(old, new):
        if product_id not in new:
            changes.append(
                Change("product", "removed", product_id, product_id, before=("products", old[product_id][0]))
            )
        elif product_id not in old:
            changes.append(Change("product", "added", product_id, product_id, after=("products", new[product_id][0])))
        else:
            changes += _product_changes(old[product_id], new[product_id])
    return changes


def _product_changes(old: tuple[int, Product], new: tuple[int, Product]) -> list[Change]:
    (i, a), (j, b) = old, new
    here, there = ("products", i), ("products", j)
    changes: list[Change] = []
    fields = _fields(_dump(a), _dump(b))
    if fields:
        changes.append(Change("product", "changed", a.id, a.id, before=here, after=there, fields=fields))
    changes += _matched("module", a.id, None, _modules(a, here), _modules(b, there))
    changes += _matched("attribute", a.id, None, _attributes(a, here), _attributes(b, there))
    for attribute_id in _ids(_attributes(a, here), _attributes(b, there)):
        if attribute_id in a.attribute_index and attribute_id in b.attribute_index:
            before = _options(a, attribute_id, here)
            after = _options(b, attribute_id, there)
            changes += _matched("option", a.id, attribute_id, before, after)
    rules = [(r.id, (*here, "rules", k), r) for k, r in enumerate(a.rules)]
    changes += _matched(
        "rule", a.id, None, _index(rules), _index([(r.id, (*there, "rules", k), r) for k, r in enumerate(b.rules)])
    )
    prices = [(r.id, (*here, "price_rules", k), r) for k, r in enumerate(a.price_rules)]
    later = [(r.id, (*there, "price_rules", k), r) for k, r in enumerate(b.price_rules)]
    changes += _matched("price_rule", a.id, None, _index(prices), _index(later))
    return changes


Indexed = dict[str, tuple[Loc, dict[str, Any]]]


def _index(parts: Sequence[tuple[str, Loc, Any]]) -> Indexed:
    return {part_id: (path, _dump(part)) for part_id, path, part in parts}


def _modules(product: Product, base: Loc) -> Indexed:
    return _index([(m.id, (*base, "modules", k), m) for k, m in enumerate(product.modules)])


def _attributes(product: Product, base: Loc) -> Indexed:
    found: Indexed = {}
    for k, module in enumerate(product.modules):
        for n, attribute in enumerate(module.attributes):
            data = {**_dump(attribute), "module": module.id}
            found[attribute.id] = ((*base, "modules", k, "attributes", n), data)
    return found


def _options(product: Product, attribute_id: str, base: Loc) -> Indexed:
    attribute = product.attribute(attribute_id)
    if isinstance(attribute, Numeric | YesNo):
        return {}
    path = _attributes(product, base)[attribute_id][0]
    return _index([(o.id, (*path, "options", k), o) for k, o in enumerate(attribute.options)])


def _matched(part: Part, product: str, attribute: str | None, old: Indexed, new: Indexed) -> list[Change]:
    changes = []
    for part_id in _ids(old, new):
        if part_id not in new:
            changes.append(Change(part, "removed", part_id, product, attribute, before=old[part_id][0]))
        elif part_id not in old:
            changes.append(Change(part, "added", part_id, product, attribute, after=new[part_id][0]))
        else:
            fields = _fields(old[part_id][1], new[part_id][1])
            if fields:
                where = {"before": old[part_id][0], "after": new[part_id][0]}
                changes.append(Change(part, "changed", part_id, product, attribute, fields=fields, **where))
    return changes


def _ids(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Ids of both, in the order of `new` then those only in `old`."""
    return list(dict.fromkeys([*new, *old]))


def _dump(part: Any) -> dict[str, Any]:
    data: dict[str, Any] = part.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return {key: value for key, value in data.items() if key not in _CHILDREN}


def _fields(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> tuple[FieldChange, ...]:
    """Fields that differ, nested mappings flattened to dotted names (lists compared whole)."""
    found: list[FieldChange] = []
    for key in dict.fromkeys([*old, *new]):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        name = f"{prefix}{key}"
        if isinstance(a, dict) and isinstance(b, dict):
            found += _fields(a, b, f"{name}.")
        else:
            found.append(FieldChange(name, a, b))
    return tuple(found)


def price_changes(before: Catalog, after: Catalog, on: date) -> list[PriceChange]:
    """Options of products in both versions whose price or cost on `on` differs (or that exist in one only)."""
    found = []
    for product in after.products:
        old = before.product_index.get(product.id)
        if old is None:
            continue
        for attribute in product.attributes():
            if isinstance(attribute, Numeric) or attribute.id not in old.attribute_index:
                continue
            earlier = old.attribute(attribute.id)
            if isinstance(earlier, Numeric):
                continue
            a = {o.id: (o.price_on(on), o.cost) for o in earlier.options}
            b = {o.id: (o.price_on(on), o.cost) for o in attribute.options}
            for option in _ids(a, b):
                if a.get(option) != b.get(option):
                    pa, ca = a.get(option, (None, None))
                    pb, cb = b.get(option, (None, None))
                    found.append(PriceChange(product.id, attribute.id, option, pa, pb, ca, cb))
    return found
