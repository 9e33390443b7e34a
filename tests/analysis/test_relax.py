"""Relaxing a rule or a numeric bound: the changed document, and its gain against brute force."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.analysis.relax import gain, locate, relaxed_document, remove_rule, widen_bound, widened_range
from app.catalog import Catalog, load_catalog_text
from app.catalog.evaluate import check_configuration
from tests.analysis.catalogs import tiny
from tests.engine.random_catalogs import ON, all_configurations, catalogs


def document_of(catalog: Catalog) -> dict[str, Any]:
    """The catalog as the document it was loaded from (the fields given, by their names in the file)."""
    document: dict[str, Any] = json.loads(catalog.model_dump_json(by_alias=True, exclude_unset=True))
    return document


def brute_count(document: dict[str, Any], context: dict[str, str]) -> int:
    """Valid configurations of the document's only product, by enumeration and the plain checker."""
    catalog = load_catalog_text(json.dumps(document))
    product = catalog.products[0]
    return sum(1 for c in all_configurations(catalog) if not check_configuration(product, c, context, ON))


def test_removing_a_rule_leaves_the_others() -> None:
    document = document_of(tiny("no_green", "red_round"))
    changed = relaxed_document(document, remove_rule("shirt", "no_green"))
    assert [r["id"] for r in changed["products"][0]["rules"]] == ["red_round"]
    assert [r["id"] for r in document["products"][0]["rules"]] == ["no_green", "red_round"]
    assert locate(document, remove_rule("shirt", "red_round")).field == "products[0].rules[1]"


def test_widening_a_bound_covers_the_numbers_on_its_step() -> None:
    document = document_of(tiny())
    change = widen_bound("shirt", "size", [Decimal(6), Decimal(0)])
    size = relaxed_document(document, change)["products"][0]["modules"][1]["attributes"][1]
    assert (size["min"], size["max"]) == (0, 6)
    assert locate(document, change).attribute == "size"
    assert locate(document, change).field == "products[0].modules[1].attributes[1]"
    assert widened_range(Decimal(26), Decimal(46), Decimal(2), [Decimal(47)]) == (Decimal(26), Decimal(48))


def test_widening_a_bound_the_rules_still_cap_adds_nothing() -> None:
    document = document_of(tiny("small"))
    assert gain(document, widen_bound("shirt", "size", [Decimal(9)]), {}, ON).count == 0
    assert gain(document, remove_rule("shirt", "small"), {}, ON).count > 0


def test_widening_an_option_attribute_is_refused() -> None:
    with pytest.raises(ValueError, match="not numeric"):
        relaxed_document(document_of(tiny()), widen_bound("shirt", "colour", [Decimal(1)]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), data=st.data())
def test_gain_matches_brute_force(catalog: Catalog, data: st.DataObject) -> None:
    document = document_of(catalog)
    product = catalog.products[0]
    context = {"tier": data.draw(st.sampled_from(["gold", "plain"]))}
    rule = data.draw(st.sampled_from([r.id for r in product.rules]))
    changes = [remove_rule(product.id, rule)]
    if "n" in product.attribute_index:
        changes.append(widen_bound(product.id, "n", [Decimal(data.draw(st.integers(4, 5)))]))
    before = brute_count(document, context)
    for change in changes:
        found = gain(document, change, context, ON)
        assert found.exact
        assert found.count == brute_count(relaxed_document(document, change), context) - before
