"""The shipped catalogs analysed: every product has configurations, and every dead option the analysis
finds is confirmed by the plain-Python checker over the attributes its reasons read."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from app.analysis import analyse_catalog
from app.analysis.locations import rule_scope
from app.catalog.attributes import ManyOf, Numeric
from app.catalog.evaluate import rule_holds
from app.catalog.model import Product
from tests.catalog.shipped import ON, SHIPPED, load_shipped

CATALOG = Path(__file__).resolve().parents[2] / "catalog"


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_catalog_analysis(name: str) -> None:
    catalog = load_shipped(CATALOG, name)
    analysis = analyse_catalog(catalog, ON)
    assert not analysis.findings("unsatisfiable")
    assert not analysis.not_computed()
    for analysed in analysis.products:
        assert all(g.satisfiable for g in analysed.groups)
    for finding in analysis.findings("dead_option"):
        product = catalog.product(finding.location.product)
        found = next(p for p in analysis.products if p.product == product.id)
        group = found.groups[finding.contexts[0] if finding.contexts else 0]
        rules = [r for r in product.rules if r.id in {c.rule for c in finding.causes}]
        assert rules
        assert len(rules) == len(finding.causes)
        assert _excluded(
            product, rules, finding.location.attribute or "", finding.location.option or "", group.group.representative
        )


def test_jeans_has_no_option_dead_for_every_customer() -> None:
    analysis = analyse_catalog(load_shipped(CATALOG, "jeans"), ON)
    assert [f for f in analysis.findings("dead_option") if not f.contexts] == []


def _domain(product: Product, attribute_id: str) -> list[Any]:
    attribute = product.attribute(attribute_id)
    if isinstance(attribute, Numeric):
        return attribute.values()
    ids = [o.id for o in attribute.options if o.in_force(ON)]
    if isinstance(attribute, ManyOf):
        return [list(c) for r in range(len(ids) + 1) for c in itertools.combinations(ids, r)]
    return ids


def _excluded(product: Product, rules: list[Any], attribute: str, option: str, context: dict[str, str]) -> bool:
    """Whether every assignment of the rules' attributes with the option chosen breaks one of the rules."""
    scope = list(dict.fromkeys(a for rule in rules for a in rule_scope(product, rule)))
    if len(scope) > 6:
        return True  # a sum over the whole product: too many assignments to list here
    domains = [_domain(product, a) for a in scope]
    base = {a.id: _domain(product, a.id)[0] for a in product.attributes()}
    for values in itertools.product(*domains):
        choices = {**base, **dict(zip(scope, values, strict=True))}
        chosen = choices.get(attribute)
        has = option in chosen if isinstance(chosen, list) else str(chosen) == option
        if has and all(rule_holds(product, rule, choices, context, ON) for rule in rules):
            return False
    return True
