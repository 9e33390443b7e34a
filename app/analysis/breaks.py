"""Configurations that break one rule and keep every other: proof that the rule is not redundant.

They are looked for near valid configurations (the samples): first one change away, then with
the attributes of one rule set to each combination that breaks it. A sample keeps every rule,
so after a change only the rules reading a changed attribute are checked again, by the
plain-Python checker (a table's rows are read once into a set). The search counts the
configurations it tries against a budget; rules it does not clear go to the exact check.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from app.analysis.locations import rule_scope
from app.catalog.attributes import Attribute, ManyOf, Numeric
from app.catalog.configuration import Choice
from app.catalog.evaluate import Choices, chosen_ids, rule_holds
from app.catalog.model import Product
from app.catalog.rules import Rule, Table

MAX_SCOPE = 4_096
"""Combinations of one rule's attributes tried per sample (a rule reading more is left to the exact check)."""


class Breaks:
    """The search for lone breaks of the rules of one product, in one context, on one date."""

    def __init__(self, product: Product, context: dict[str, str], on: date, most: int) -> None:
        self.product, self.context, self.on, self.left = product, context, on, most
        self.rules = [rule for rule in product.rules if rule.in_force(on)]
        self.scopes = {rule.id: rule_scope(product, rule) for rule in self.rules}
        self.reading: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for attribute in self.scopes[rule.id]:
                self.reading.setdefault(attribute, []).append(rule)
        self.tables = {rule.id: _Rows(product, rule) for rule in self.rules if isinstance(rule, Table)}
        self.known: dict[tuple[str, tuple[object, ...]], bool] = {}

    def holds(self, rule: Rule, choices: Choices) -> bool:
        """Whether `rule` holds (tables from their rows read once). A rule reads only the attributes of its
        scope (the context and date are this search's), so each answer is kept by the values it read: the
        samples share most of them, and the same question is never worked out twice."""
        key = (rule.id, tuple([_hashable(choices.get(a)) for a in self.scopes[rule.id]]))
        found = self.known.get(key)
        if found is None:
            rows = self.tables.get(rule.id)
            usable = rows is not None and rows.usable
            found = rows.holds(choices) if usable and rows else rule_holds(self.product, rule, choices, self.context,
                                                                           self.on)  # fmt: skip
            self.known[key] = found
        return found

    def search(self, samples: list[Choices], cleared: dict[str, Choices]) -> None:
        """Add to `cleared` a lone break for each rule one is found for, within the budget."""
        for sample in samples:
            self._one_change(sample, cleared)
        for sample in samples:
            for rule in self.rules:
                if rule.id not in cleared:
                    self._in_scope(sample, rule, cleared)

    def _one_change(self, sample: Choices, cleared: dict[str, Choices]) -> None:
        for attribute in self.product.attributes():
            reading = [rule for rule in self.reading.get(attribute.id, []) if rule.id not in cleared]
            if not reading:
                continue
            for value in _neighbours(attribute, sample[attribute.id], self.on):
                if not self._pay():
                    return
                candidate = {**sample, attribute.id: value}
                broken = self._broken(candidate, [attribute.id])
                if broken is not None and broken.id not in cleared:
                    cleared[broken.id] = candidate

    def _in_scope(self, sample: Choices, rule: Rule, cleared: dict[str, Choices]) -> None:
        scope = self.scopes[rule.id]
        if len(scope) > 8:
            return
        domains = [list(_domain(self.product.attribute(a), self.on)) for a in scope]
        if math.prod(len(d) for d in domains) > MAX_SCOPE:
            return
        for values in itertools.product(*domains):
            if not self._pay():
                return
            candidate = {**sample, **dict(zip(scope, values, strict=True))}
            if not self.holds(rule, candidate) and self._broken(candidate, scope) is rule:
                cleared[rule.id] = candidate
                return

    def _pay(self) -> bool:
        self.left -= 1
        return self.left >= 0

    def _broken(self, choices: Choices, changed: list[str]) -> Rule | None:
        """The one rule reading a changed attribute that the configuration breaks (None: none, or more)."""
        found = None
        rules = {r.id: r for a in changed for r in self.reading.get(a, [])}
        for rule in rules.values():
            if not self.holds(rule, choices):
                if found is not None:
                    return None
                found = rule
        return found


class _Rows:
    """A table's rows read once: exact rows in a set, rows with `*` kept apart."""

    def __init__(self, product: Product, rule: Table) -> None:
        self.rule = rule
        attributes = [product.attribute(a) for a in rule.attributes]
        self.usable = not any(isinstance(a, ManyOf) for a in attributes)
        numeric = [isinstance(a, Numeric) for a in attributes]
        self.exact: set[tuple[object, ...]] = set()
        self.wild: list[tuple[object, ...]] = []
        for row in rule.rows():
            cells = tuple(c if c == "*" or not n else Decimal(c) for c, n in zip(row, numeric, strict=True))
            if "*" in cells:
                self.wild.append(cells)
            else:
                self.exact.add(cells)

    def holds(self, choices: Choices) -> bool:
        values = tuple(_value(choices.get(a)) for a in self.rule.attributes)
        matched = values in self.exact or any(
            all(c == "*" or c == v for c, v in zip(row, values, strict=True)) for row in self.wild
        )
        return matched if self.rule.allowed is not None else not matched


def _hashable(choice: Choice | None) -> object:
    """A choice as a key: a many-of's list as a sorted tuple."""
    return tuple(sorted(choice)) if isinstance(choice, list) else choice


def _value(choice: Choice | None) -> object:
    if isinstance(choice, Decimal):
        return choice
    return next(iter(chosen_ids(choice)), None)


def _domain(attribute: Attribute, on: date) -> Iterator[Choice]:
    if isinstance(attribute, Numeric):
        yield from attribute.values()
        return
    ids = [option.id for option in attribute.options if option.in_force(on)]
    if isinstance(attribute, ManyOf):
        for size in range(len(ids) + 1):
            for subset in itertools.combinations(ids, size):
                if attribute.min_count <= size and (attribute.max_count is None or size <= attribute.max_count):
                    yield list(subset)
        return
    yield from ids


def _neighbours(attribute: Attribute, current: Choice, on: date) -> Iterator[Choice]:
    if isinstance(attribute, ManyOf):
        assert isinstance(current, list)
        ids = [option.id for option in attribute.options if option.in_force(on)]
        for option in ids:
            flipped = [i for i in ids if (i in current) != (i == option)]
            if attribute.min_count <= len(flipped) and (
                attribute.max_count is None or len(flipped) <= attribute.max_count
            ):
                yield flipped
        return
    yield from (value for value in _domain(attribute, on) if value != current)
