"""Customer contexts that make a difference to one product, grouped by what its rules see.

The contexts are every combination of the values of the context keys the product's rules test
(declared values, plus "not given"; a key declared without values takes the values its rules
mention, plus "any other"). Two contexts every context test of the product answers alike get
the same valid configurations, so one group stands for both.
"""

from __future__ import annotations

import itertools

from app.analysis.results import ContextGroup
from app.catalog.conditions import ContextCondition, walk
from app.catalog.model import Catalog, Product
from app.catalog.rules import rule_conditions

MAX_CONTEXTS = 100_000
"""Combinations of context values enumerated at most (past them, one group per key value is kept)."""


def context_tests(product: Product) -> list[ContextCondition]:
    """Every context test in the product's rules, in document order."""
    return [
        atom
        for rule in product.rules
        for condition in rule_conditions(rule)
        for atom in walk(condition)
        if isinstance(atom, ContextCondition)
    ]


def context_groups(
    catalog: Catalog, product: Product, extra: list[ContextCondition] | None = None
) -> tuple[list[ContextGroup], bool]:
    """The product's context groups, "no context" first, and whether every combination was tried.

    `extra` adds tests to tell contexts apart by (the other version's, in a diff).
    """
    tests = context_tests(product) + (extra or [])
    keys = list(dict.fromkeys(test.context for test in tests))
    choices = [_values(catalog, key, tests) for key in keys]
    complete = _product(choices) <= MAX_CONTEXTS
    if not complete:
        choices = [values[:2] for values in choices]
    groups: dict[tuple[bool, ...], list[dict[str, str]]] = {}
    for combination in itertools.product(*choices):
        context = {key: value for key, value in zip(keys, combination, strict=True) if value is not None}
        signature = tuple(test.holds(context) for test in tests)
        groups.setdefault(signature, []).append(context)
    return [ContextGroup(i, tuple(members)) for i, members in enumerate(groups.values())], complete


def _values(catalog: Catalog, key: str, tests: list[ContextCondition]) -> list[str | None]:
    declared = catalog.context.get(key, [])
    if declared:
        return [None, *declared]
    mentioned: list[str] = []
    for test in tests:
        if test.context == key:
            mentioned += [v for v in (test.equals, *(test.in_ or []), *(test.not_in or [])) if v is not None]
    return [None, *dict.fromkeys(mentioned)]


def _product(choices: list[list[str | None]]) -> int:
    total = 1
    for values in choices:
        total *= len(values)
    return total
