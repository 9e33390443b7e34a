"""Periods: the spans of time between effective dates, during which nothing changes.

Options, rules and prices carry `valid_from` / `valid_to` dates. Cutting the calendar at every
such date gives a few periods; the engine treats "which period" as one more variable, fixed by
the date of each question, so one compiled catalog answers for any date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.catalog.attributes import ManyOf, OneOf
from app.catalog.base import Dated
from app.catalog.model import Product


@dataclass(frozen=True)
class Period:
    """The days from `start` (inclusive) to `end` (exclusive); None means unbounded."""

    start: date | None
    end: date | None

    def contains(self, day: date) -> bool:
        """True when `day` falls in this period."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def sample(self) -> date:
        """A day inside the period: every day in it gives the same answers."""
        if self.start is not None:
            return self.start
        if self.end is not None:
            return self.end - timedelta(days=1)
        return date(2000, 1, 1)


def dated_things(product: Product) -> list[Dated]:
    """Everything in the product that has effective dates."""
    things: list[Dated] = [product, *product.rules, *product.price_rules]
    for attribute in product.attributes():
        if isinstance(attribute, OneOf | ManyOf):
            for option in attribute.options:
                things.append(option)
                things.extend(option.prices)
    return things


def periods_of(product: Product) -> list[Period]:
    """The periods cut by every effective date in the product, in calendar order."""
    cuts: set[date] = set()
    for thing in dated_things(product):
        if thing.valid_from is not None:
            cuts.add(thing.valid_from)
        if thing.valid_to is not None:
            cuts.add(thing.valid_to + timedelta(days=1))
    bounds: list[date | None] = [None, *sorted(cuts), None]
    return [Period(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def period_index(periods: list[Period], day: date) -> int:
    """The position of the period that contains `day`."""
    for index, period in enumerate(periods):
        if period.contains(day):
            return index
    raise AssertionError("periods cover every day")


def in_force_periods(periods: list[Period], thing: Dated) -> frozenset[int]:
    """Positions of the periods during which `thing` is in force."""
    return frozenset(i for i, period in enumerate(periods) if thing.in_force(period.sample()))
