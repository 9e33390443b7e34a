"""Hypothesis strategies for small random catalogs using every attribute and rule kind."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import strategies as st

from app.catalog import Catalog, load_catalog_text
from app.catalog.attributes import ManyOf, Numeric
from app.catalog.evaluate import Choices, check_configuration

ON = date(2026, 6, 1)
TIERS = ["gold", "plain"]


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    """A catalog of one product with 2-4 one-of attributes, maybe a numeric and a many-of, and rules."""
    attributes: list[dict[str, Any]] = []
    for i in range(draw(st.integers(2, 4))):
        count = draw(st.integers(2, 3))
        options = [
            {"id": f"o{j}", "price": draw(st.integers(0, 50)) * 100, "properties": {"w": draw(st.integers(0, 5))}}
            for j in range(count)
        ]
        attributes.append({"id": f"a{i}", "kind": "one_of", "options": options})
    if draw(st.booleans()):
        attributes.append(
            {
                "id": "n",
                "kind": "numeric",
                "min": 1,
                "max": 3,
                "price_formula": [{"id": "f", "per_unit": 150, "above": 1}],
            }
        )
    if draw(st.booleans()):
        attributes.append(
            {
                "id": "m",
                "kind": "many_of",
                "max_count": draw(st.integers(1, 3)),
                "options": [{"id": f"x{j}", "price": 500 * j, "properties": {"w": j}} for j in range(3)],
            }
        )
    rules = [draw(_rule(attributes, index)) for index in range(draw(st.integers(1, 4)))]
    document = {
        "id": "random",
        "context": {"tier": TIERS},
        "products": [
            {"id": "p", "base_price": 1000, "modules": [{"id": "m1", "attributes": attributes}], "rules": rules}
        ],
    }
    return load_catalog_text(yaml.safe_dump(document))


def _option(draw: st.DrawFn, index: int) -> dict[str, Any]:
    return {"id": f"o{index}", "price": draw(st.integers(0, 50)) * 100, "properties": {"w": draw(st.integers(0, 5))}}


def _condition(draw: st.DrawFn, attributes: list[dict[str, Any]]) -> dict[str, Any]:
    attribute = draw(st.sampled_from(attributes))
    if attribute["kind"] == "numeric":
        op = draw(st.sampled_from(["ge", "le", "equals"]))
        return {"attribute": attribute["id"], op: draw(st.integers(1, 3))}
    ids = [option["id"] for option in attribute["options"]]
    op = draw(st.sampled_from(["equals", "in", "not_in"]))
    value: Any = (
        draw(st.sampled_from(ids))
        if op == "equals"
        else draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
    )
    return {"attribute": attribute["id"], op: value}


@st.composite
def _rule(draw: st.DrawFn, attributes: list[dict[str, Any]], index: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(["requires", "excludes", "table", "linear", "eligibility", "cardinality"]))
    rule: dict[str, Any] = {"id": f"r{index}", "message": f"rule {index}"}
    one_ofs = [a for a in attributes if a["kind"] == "one_of"]
    if kind == "cardinality" and not any(a["kind"] == "many_of" for a in attributes):
        kind = "requires"
    if kind in ("requires", "excludes"):
        rule.update({"kind": kind, "if": _condition(draw, attributes), "then": _condition(draw, attributes)})
    elif kind == "table":
        chosen = draw(st.lists(st.sampled_from(one_ofs), min_size=2, max_size=2, unique_by=lambda a: a["id"]))
        rows = [[o["id"] for o in combo] for combo in itertools.product(*(a["options"] for a in chosen))]
        picked = draw(st.lists(st.sampled_from(rows), min_size=1, max_size=len(rows), unique_by=tuple))
        rule.update(
            {
                "kind": "table",
                "attributes": [a["id"] for a in chosen],
                draw(st.sampled_from(["allowed", "forbidden"])): picked,
            }
        )
    elif kind == "linear":
        prop = draw(st.sampled_from(["w", "price"]))
        rule.update(
            {
                "kind": "linear",
                "terms": [{"property": prop}],
                "op": draw(st.sampled_from(["<=", ">=", "!="])),
                "rhs": draw(st.integers(0, 8)) if prop == "w" else draw(st.integers(10, 60)) * 100,
            }
        )
    elif kind == "eligibility":
        rule.update(
            {
                "kind": "eligibility",
                "options": _condition(draw, attributes),
                "when": {"context": "tier", "equals": "gold"},
            }
        )
    else:
        rule.update({"kind": "cardinality", "attribute": "m", "min": draw(st.integers(0, 2))})
    return rule


def all_configurations(catalog: Catalog) -> list[Choices]:
    """Every complete configuration, valid or not (brute force over the domains)."""
    domains: list[list[Any]] = []
    product = catalog.product()
    for attribute in product.attributes():
        if isinstance(attribute, Numeric):
            domains.append(attribute.values())
        elif isinstance(attribute, ManyOf):
            ids = [option.id for option in attribute.options]
            domains.append([list(c) for r in range(len(ids) + 1) for c in itertools.combinations(ids, r)])
        else:
            domains.append([option.id for option in attribute.options])
    names = [attribute.id for attribute in product.attributes()]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*domains)]


def valid_configurations(catalog: Catalog, context: dict[str, str]) -> list[Choices]:
    """The valid ones, by the plain-Python checker."""
    product = catalog.product()
    return [c for c in all_configurations(catalog) if not check_configuration(product, c, context, ON)]


def value_key(value: object) -> object:
    """Many-of choices as sorted tuples, numbers as normalised decimals, so values compare."""
    if isinstance(value, list):
        return tuple(sorted(value))
    return value.normalize() if isinstance(value, Decimal) else value
