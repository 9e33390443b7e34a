"""Catalogs derived from a draft to ask the engine about one rule: without it, or with it broken.

A rule is redundant when no configuration keeps every other rule and breaks it; the engine
answers that on a variant of the product whose rule list is the other rules plus the rule's
negation. A negation is a list of rules, any one of which breaks the original (a cardinality
is broken by too few or too many); an empty list means the rule cannot be broken at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.catalog.conditions import AllOf, AttributeCondition, Condition, NotOf
from app.catalog.model import Catalog, Product
from app.catalog.rules import Cardinality, Eligibility, Excludes, Linear, Requires, Rule, Table

_NEGATED_OPS = {"<=": ">", ">": "<=", ">=": "<", "<": ">=", "==": "!=", "!=": "=="}


def negations(product: Product, rule: Rule) -> list[Rule]:
    """Rules each of which holds exactly where `rule` is broken in part (together: all its breaks)."""
    common = {"id": rule.id, "message": rule.message, "valid_from": rule.valid_from, "valid_to": rule.valid_to}
    if isinstance(rule, Requires):
        broken: Condition = NotOf(not_=rule.then) if rule.if_ is None else AllOf(all=[rule.if_, NotOf(not_=rule.then)])
        return [Requires(kind="requires", then=broken, **common)]
    if isinstance(rule, Excludes):
        return [Requires(kind="requires", then=AllOf(all=[rule.if_, rule.then]), **common)]
    if isinstance(rule, Eligibility):
        return [Requires(kind="requires", then=AllOf(all=[rule.options, NotOf(not_=rule.when)]), **common)]
    if isinstance(rule, Linear):
        return [rule.model_copy(update={"op": _NEGATED_OPS[rule.op]})]
    if isinstance(rule, Table):
        return [rule.model_copy(update={"allowed": rule.forbidden, "forbidden": rule.allowed})]
    assert isinstance(rule, Cardinality)
    return _cardinality_negations(product, rule, common)


def _cardinality_negations(product: Product, rule: Cardinality, common: dict[str, Any]) -> list[Rule]:
    attribute = product.attribute(rule.attribute)
    counted = len(rule.options) if rule.options is not None else len(attribute.options)  # type: ignore[union-attr]
    found: list[Rule] = []
    if rule.min > 0:
        found.append(rule.model_copy(update={"min": 0, "max": rule.min - 1}))
    if rule.max is not None and rule.max < counted:
        found.append(rule.model_copy(update={"min": rule.max + 1, "max": None}))
    return found


def alone(catalog: Catalog, product: Product, rules: Sequence[Rule]) -> Catalog:
    """A catalog of `product` alone with `rules` as its rules (so its cache key ignores the other products)."""
    changed = product.model_copy(update={"rules": list(rules), "price_rules": []})
    return _fresh(catalog.model_copy(update={"products": [changed]}))


def _fresh(catalog: Catalog) -> Catalog:
    """A copied catalog without the cached indexes of the original (they would name the old products)."""
    catalog.__dict__.pop("product_index", None)
    return catalog


def not_equal(rule_id: str, attribute: str, option: str) -> Rule:
    """A rule keeping option `option` of `attribute` out (for "can it be left out?")."""
    then = AttributeCondition(attribute=attribute, not_equals=option)
    return Requires(kind="requires", id=rule_id, message={"en": rule_id}, then=then)


def holding(rule_id: str, condition: Condition) -> Rule:
    """A rule making `condition` hold (for "can the premise hold?")."""
    return Requires(kind="requires", id=rule_id, message={"en": rule_id}, then=condition)


def premise(rule: Rule) -> Condition | None:
    """The condition a rule binds under (None when it always binds)."""
    if isinstance(rule, Requires | Linear):
        return rule.if_
    if isinstance(rule, Excludes):
        return rule.if_
    if isinstance(rule, Eligibility):
        return rule.options
    return None
