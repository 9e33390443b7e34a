"""The diff of two catalog versions: structural changes on the shipped jeans, and semantic counts
checked against brute-force enumeration on random pairs of small catalogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings

from app.analysis.diff import diff_catalogs
from app.catalog import Catalog, load_catalog, load_catalog_text
from app.catalog.evaluate import Choices
from tests.engine.random_catalogs import ON, catalogs, valid_configurations, value_key

JEANS = Path(__file__).resolve().parents[2] / "catalog" / "jeans.yaml"


def _key(configuration: Choices, attributes: list[str]) -> tuple[Any, ...]:
    return tuple(value_key(configuration[a]) for a in attributes)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=catalogs(), after=catalogs())
def test_semantic_diff_matches_brute_force(before: Catalog, after: Catalog) -> None:
    found = diff_catalogs(before, after, ON)
    (product,) = found.products
    if product.not_computed:
        # Refused, and said so: a price sum over a formula-priced number only one version has.
        (why,) = product.not_computed
        assert "priced by formula" in why.why
        event("not computed")
        return
    old, new = before.product(), after.product()
    shared = [a for a in new.attribute_index if a in old.attribute_index]
    event("same attributes" if product.projected_on is None else "projected")
    for delta in product.groups:
        context = delta.group.representative
        was = {_key(c, shared) for c in valid_configurations(before, context)}
        now = {_key(c, shared) for c in valid_configurations(after, context)}
        assert (delta.removed, delta.added) == (len(was - now), len(now - was))
        event("changed" if delta.removed or delta.added else "unchanged")
        for attribute in shared:
            index = shared.index(attribute)
            before_values = {str(v) for key in was for v in _values(key[index])}
            after_values = {str(v) for key in now for v in _values(key[index])}
            assert set(delta.unavailable.get(attribute, [])) == before_values - after_values
            assert set(delta.available.get(attribute, [])) == after_values - before_values


def _values(value: Any) -> list[Any]:
    return list(value) if isinstance(value, tuple) else [value]


def _jeans_with(change: Any) -> Catalog:
    document = yaml.safe_load(JEANS.read_text(encoding="utf-8"))
    change(document)
    return load_catalog_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))


def test_structural_diff_names_each_part_with_its_path() -> None:
    before = load_catalog(JEANS)

    def edit(document: dict[str, Any]) -> None:
        product = document["products"][0]
        wash = next(a for m in product["modules"] for a in m["attributes"] if a["id"] == "wash")
        wash["options"].append({"id": "acid", "label": {"en": "Acid wash"}, "price": 1500})
        wash["options"][0]["price"] = wash["options"][0].get("price", 0) + 100
        product["rules"].pop(0)

    after = _jeans_with(edit)
    found = diff_catalogs(before, after, ON, semantic=False)
    kinds = {(c.part, c.change, c.id) for c in found.changes}
    first_rule = before.product().rules[0].id
    assert ("option", "added", "acid") in kinds
    assert ("rule", "removed", first_rule) in kinds
    changed = next(c for c in found.changes if c.part == "option" and c.change == "changed")
    assert [f.field for f in changed.fields] == ["price"]
    assert changed.before is not None
    assert changed.before[-2:] == ("options", 0)
    acid = next(p for p in found.prices if p.option == "acid")
    assert (acid.price_before, acid.price_after) == (None, 1500)


def test_a_catalog_against_itself_changes_nothing() -> None:
    jeans = load_catalog(JEANS)
    found = diff_catalogs(jeans, jeans, ON)
    assert found.changes == []
    assert found.prices == []
    for delta in found.products[0].groups:
        assert (delta.removed, delta.added) == (0, 0)
        assert delta.unavailable == delta.available == {}


def _tiny(edit: Any = None, rules: tuple[str, ...] = ("red_round", "green_small")) -> Catalog:
    from tests.analysis.catalogs import BASE, RULES

    document = yaml.safe_load(yaml.safe_dump(BASE))
    product = document["products"][0]
    product["rules"] = [{"id": name, "message": name, **RULES[name]} for name in rules]
    if edit is not None:
        edit(product)
    return load_catalog_text(yaml.safe_dump(document))


def _attribute(product: dict[str, Any], attribute_id: str) -> dict[str, Any]:
    return next(a for m in product["modules"] for a in m["attributes"] if a["id"] == attribute_id)


EDITS: dict[str, Any] = {
    "size range": lambda p: _attribute(p, "size").update({"max": 6}),
    "size range shrinks": lambda p: _attribute(p, "size").update({"min": 2, "max": 3}),
    "option removed": lambda p: _attribute(p, "colour")["options"].pop(1),
    "option added": lambda p: _attribute(p, "colour")["options"].append({"id": "black"}),
    "option ended": lambda p: _attribute(p, "collar")["options"][0].update({"valid_to": "2020-01-01"}),
    "many-of bounds": lambda p: _attribute(p, "extras").update({"max_count": 1}),
    "attribute added": lambda p: p["modules"][0]["attributes"].append({"id": "sleeve", "kind": "yes_no", "price": 100}),
    "attribute removed": lambda p: (p["modules"][0]["attributes"].pop(), p["rules"].pop(0)),
    "price limit": lambda p: (
        _attribute(p, "colour")["options"][0].update({"price": 900}),
        p["rules"].append(
            {"id": "cheap", "message": "m", "kind": "linear", "terms": [{"property": "price"}], "op": "<=", "rhs": 500}
        ),
    ),
}


@pytest.mark.parametrize("name", EDITS)
def test_semantic_diff_of_each_kind_of_edit_matches_brute_force(name: str) -> None:
    before, after = _tiny(), _tiny(EDITS[name])
    found = diff_catalogs(before, after, ON)
    (product,) = found.products
    assert not product.not_computed
    shared = [a for a in after.product().attribute_index if a in before.product().attribute_index]
    for delta in product.groups:
        context = delta.group.representative
        was = {_key(c, shared) for c in valid_configurations(before, context)}
        now = {_key(c, shared) for c in valid_configurations(after, context)}
        assert (delta.removed, delta.added) == (len(was - now), len(now - was)), name
    assert found.changes
