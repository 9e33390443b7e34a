"""Valid configurations drawn at random through the engine (a seeded generator: the same draws anywhere)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from app.catalog.attributes import Attribute, ManyOf, Numeric
from app.catalog.configuration import Choice
from app.catalog.evaluate import Choices
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
