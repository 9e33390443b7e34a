"""Valid configurations drawn at random through the engine, and rules broken alone near them.

A configuration that keeps every rule but one proves that rule is not redundant; such
configurations are found one change away from valid ones, checked by the plain-Python checker.
Draws use a seeded generator, so the same catalog gets the same samples on any machine.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from app.analysis.locations import rule_scope
from app.catalog.attributes import Attribute, ManyOf, Numeric
from app.catalog.configuration import Choice
from app.catalog.evaluate import Choices, rule_holds
from app.catalog.model import Product
from app.catalog.rules import Rule
from app.engine.engine import Engine

SUBSETS_TRIED = 64
"""Subsets of a many-of attribute tried, at most, per draw."""


def draw_configurations(
    engine: Engine, context: dict[str, str], on: date, count: int, rng: random.Random
) -> list[Choices]:
    """Up to `count` valid configurations; the first leaves out every many-of option it can."""
    product = engine.product
    ordered = sorted(product.attributes(), key=lambda attribute: isinstance(attribute, ManyOf))
    found: list[Choices] = []
    for index in range(count):
        choices: Choices = {}
        for attribute in ordered:
            for value in _candidates(attribute, on, rng, smallest=index == 0):
                if engine.count({**choices, attribute.id: value}, context, on, solutions=1).count > 0:
                    choices[attribute.id] = value
                    break
            else:
                return found
        found.append({attribute.id: choices[attribute.id] for attribute in product.attributes()})
    return found


def _candidates(attribute: Attribute, on: date, rng: random.Random, *, smallest: bool) -> Iterator[Choice]:
    if isinstance(attribute, Numeric):
        numbers: list[Decimal] = attribute.values()
        yield from rng.sample(numbers, len(numbers))
        return
    ids = [option.id for option in attribute.options if option.in_force(on)]
    if not isinstance(attribute, ManyOf):
        yield from rng.sample(ids, len(ids))
        return
    if not smallest:
        for _ in range(SUBSETS_TRIED // 2):
            yield [i for i in ids if rng.random() < 0.5]
    by_size = (list(c) for size in range(len(ids) + 1) for c in itertools.combinations(ids, size))
    yield from itertools.islice(by_size, SUBSETS_TRIED)


def lone_breaks(
    product: Product, samples: list[Choices], context: dict[str, str], on: date, cleared: dict[str, Choices], most: int
) -> int:
    """Add to `cleared`, per rule, a configuration one change from a sample that breaks that rule and no other.

    Only attributes some rule not yet cleared reads are changed; domains are kept by construction.
    At most `most` configurations are tried; returns how many were.
    """
    rules = [rule for rule in product.rules if rule.in_force(on)]
    tried = 0
    for sample in samples:
        open_rules = [rule for rule in rules if rule.id not in cleared]
        if not open_rules:
            return tried
        scope = {attribute for rule in open_rules for attribute in rule_scope(product, rule)}
        for attribute in product.attributes():
            if attribute.id not in scope:
                continue
            for value in _neighbours(attribute, sample[attribute.id], on):
                if tried >= most:
                    return tried
                tried += 1
                candidate = {**sample, attribute.id: value}
                broken = _broken(product, rules, candidate, context, on)
                if broken is not None and broken.id not in cleared:
                    cleared[broken.id] = candidate
    return tried


def _broken(product: Product, rules: list[Rule], choices: Choices, context: dict[str, str], on: date) -> Rule | None:
    """The one rule the configuration breaks, or None when it breaks none or more than one."""
    found = None
    for rule in rules:
        if not rule_holds(product, rule, choices, context, on):
            if found is not None:
                return None
            found = rule
    return found


def _neighbours(attribute: Attribute, current: Choice, on: date) -> Iterator[Choice]:
    if isinstance(attribute, Numeric):
        yield from (value for value in attribute.values() if value != current)
        return
    ids = [option.id for option in attribute.options if option.in_force(on)]
    if isinstance(attribute, ManyOf):
        assert isinstance(current, list)
        for option in ids:
            flipped = [i for i in ids if (i in current) != (i == option)]
            if attribute.min_count <= len(flipped) and (
                attribute.max_count is None or len(flipped) <= attribute.max_count
            ):
                yield flipped
        return
    yield from (option for option in ids if option != current)
