"""The analysis of random small catalogs agrees with brute-force enumeration by the plain-Python checker."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, event, given, settings

from app.analysis import CatalogAnalysis, analyse_catalog
from app.analysis.variants import premise
from app.catalog import Catalog
from app.catalog.attributes import ManyOf, Numeric
from app.catalog.evaluate import Choices, check_configuration, condition_holds, rule_holds
from app.catalog.model import Product
from tests.engine.random_catalogs import ON, all_configurations, catalogs, value_key


def valid_under(product: Product, rules: list[Any], context: dict[str, str]) -> list[Choices]:
    """Configurations valid under these rules only (domains checked as well)."""
    reduced = product.model_copy(update={"rules": rules})
    catalog_like = all_configurations_of(product)
    return [c for c in catalog_like if not check_configuration(reduced, c, context, ON)]


def all_configurations_of(product: Product) -> list[Choices]:
    """Every configuration of the product's domains."""
    return all_configurations(Catalog(id="x", products=[product]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs())
def test_analysis_matches_brute_force(catalog: Catalog) -> None:
    analysis = analyse_catalog(catalog, ON)
    product = catalog.product()
    found = analysis.products[0]
    assert not found.not_computed
    for finding in found.findings:
        event(finding.kind)
    for group in found.groups:
        context = group.group.representative
        valid = valid_under(product, product.rules, context)
        for member in group.group.members:
            assert _keys(valid_under(product, product.rules, member)) == _keys(valid)
        assert group.satisfiable == bool(valid)
        assert group.count is not None
        assert group.count.exact
        assert group.count.count == len(valid)
        if not valid:
            rules = [r for r in product.rules if r.id in {c.rule for c in group.conflict}]
            assert not valid_under(product, rules, context)
            continue
        assert group.modules["m1"].count == len(valid)
        assert _dead(product, valid) == {a: set(o) for a, o in group.dead.items()}
        assert _forced(product, valid) == {a: set(o) for a, o in group.forced.items()}
        for attribute, options in group.dead.items():
            for option, causes in options.items():
                named = {c.rule for c in causes}
                if None not in named:
                    rules = [r for r in product.rules if r.id in named]
                    alive = valid_under(product, rules, context)
                    assert not any(_has(c[attribute], option) for c in alive)
    _rules_match(product, analysis, [g.group.representative for g in found.groups if g.satisfiable])


def _keys(configurations: list[Choices]) -> set[tuple[Any, ...]]:
    return {tuple(sorted((k, value_key(v)) for k, v in c.items())) for c in configurations}


def _has(choice: Any, option: str) -> bool:
    if isinstance(choice, list):
        return option in choice
    return (
        str(value_key(choice)) == str(value_key(type(choice)(option)))
        if not isinstance(choice, str)
        else choice == option
    )


def _values(product: Product, attribute_id: str) -> list[str]:
    attribute = product.attribute(attribute_id)
    if isinstance(attribute, Numeric):
        return [str(v) for v in attribute.values()]
    return [o.id for o in attribute.options]


def _dead(product: Product, valid: list[Choices]) -> dict[str, set[str]]:
    dead: dict[str, set[str]] = {}
    for attribute in product.attributes():
        for value in _values(product, attribute.id):
            if not any(_has(c[attribute.id], value) for c in valid):
                dead.setdefault(attribute.id, set()).add(value)
    return dead


def _forced(product: Product, valid: list[Choices]) -> dict[str, set[str]]:
    forced: dict[str, set[str]] = {}
    for attribute in product.attributes():
        values = _values(product, attribute.id)
        if not isinstance(attribute, ManyOf) and len(values) < 2:
            continue
        for value in values:
            if all(_has(c[attribute.id], value) for c in valid):
                forced.setdefault(attribute.id, set()).add(value)
    return forced


def _rules_match(product: Product, analysis: CatalogAnalysis, contexts: list[dict[str, str]]) -> None:
    """Redundant and never-binding rules, against brute force over the live context groups."""
    if not contexts:
        return
    kinds = {f.location.rule: f.kind for f in analysis.findings() if f.kind in ("redundant_rule", "rule_never_binds")}
    for kind in kinds.values():
        event(kind)
    everything = all_configurations_of(product)
    for rule in product.rules:
        others = [r for r in product.rules if r.id != rule.id]
        breaks = [
            (c, ctx)
            for ctx in contexts
            for c in valid_under(product, others, ctx)
            if not rule_holds(product, rule, c, ctx, ON)
        ]
        if breaks:
            assert rule.id not in kinds, rule.id
            continue
        never = not any(
            not rule_holds(product, rule, c, ctx, ON)
            for ctx in contexts
            for c in everything
            if not list(check_configuration(product.model_copy(update={"rules": []}), c, ctx, ON))
        )
        condition = premise(rule)
        if condition is not None:
            never = never or not any(
                condition_holds(condition, c, ctx) for ctx in contexts for c in valid_under(product, others, ctx)
            )
        assert kinds.get(rule.id) == ("rule_never_binds" if never else "redundant_rule"), rule.id
