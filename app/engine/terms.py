"""Answers in catalog terms: variables and value positions back to attribute ids, option ids and words."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import numpy as np

from app.catalog.attributes import ManyOf, Numeric
from app.catalog.evaluate import Choices
from app.catalog.selection import SelectionError
from app.catalog.text import localize
from app.engine.answers import RuleRef, Value
from app.engine.masks import numeric_position
from app.engine.mdd import Allowed, BoolArray
from app.engine.problem import Constraint, Problem


class Terms:
    """Translates between the problem's variables and the catalog's attributes, options and messages."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.product = problem.product

    def valid(self, masks: dict[int, BoolArray]) -> dict[str, list[Value]]:
        """Per attribute, the option ids (or numbers) the masks keep."""
        result: dict[str, list[Value]] = {}
        for attribute, indices in self.problem.attribute_vars.items():
            values: list[Value] = []
            for index in indices:
                variable = self.problem.variables[index]
                positions = np.flatnonzero(masks[index]).tolist()
                if variable.kind == "member":
                    if 1 in positions:
                        values.append(str(variable.option))
                else:
                    values.extend(variable.values[p] for p in positions)  # type: ignore[misc]
            result[attribute] = values
        return result

    def label(self, var: int) -> str | None:
        """The name a choice goes by in answers: the attribute id, `context:KEY`, or None for the date."""
        variable = self.problem.variables[var]
        if variable.attribute is not None:
            return variable.attribute
        return variable.name if variable.kind == "context" else None

    def names(self, variables: Iterable[int]) -> tuple[str, ...]:
        """The names the variables go by in answers, each once, in order (the date has none)."""
        return tuple(dict.fromkeys(label for var in variables if (label := self.label(var)) is not None))

    def value_id(self, var: int, position: int) -> str | None:
        """The option id (or number) an excluded value stands for; None for a many-of's "not chosen"."""
        variable = self.problem.variables[var]
        if variable.kind == "member":
            return str(variable.option) if position == 1 else None
        return str(variable.values[position])

    def choices_of(self, values: tuple[int, ...]) -> Choices:
        """A complete assignment as catalog choices (numbers as `Decimal`, many-of as option lists)."""
        choices: Choices = {}
        for attribute, indices in self.problem.attribute_vars.items():
            first = self.problem.variables[indices[0]]
            if first.kind == "member":
                choices[attribute] = [str(self.problem.variables[v].option) for v in indices if values[v] == 1]
            else:
                choices[attribute] = first.values[values[indices[0]]]  # type: ignore[assignment]
        return choices

    def preference(self, attribute_id: str, option: str) -> tuple[int, int]:
        """The variable and value position of `option` of `attribute_id` (`SelectionError` when unknown)."""
        attribute = self.product.attribute_index.get(attribute_id)
        if attribute is None:
            raise SelectionError(
                "unknown attribute '{attribute}' on product '{product}'",
                attribute=attribute_id,
                product=self.product.id,
            )
        if isinstance(attribute, ManyOf):
            if option not in {o.id for o in attribute.options}:
                raise SelectionError(
                    "unknown option '{option}' for attribute '{attribute}'", option=option, attribute=attribute_id
                )
            return self.problem.var_of(attribute_id, option).index, 1
        variable = self.problem.var_of(attribute_id)
        if isinstance(attribute, Numeric):
            try:
                number = Decimal(option)
            except ArithmeticError:
                raise SelectionError(
                    "attribute '{attribute}' takes a number, not '{text}'", attribute=attribute_id, text=option
                ) from None
            return variable.index, numeric_position(self.problem, variable, number)
        if option not in variable.values:
            raise SelectionError(
                "unknown option '{option}' for attribute '{attribute}'", option=option, attribute=attribute_id
            )
        return variable.index, variable.values.index(option)

    def rule_ref(self, constraint: Constraint, locale: str) -> RuleRef:
        """The constraint's rule id and its words."""
        return RuleRef(constraint.rule, self.describe(constraint, locale))

    def describe(self, constraint: Constraint, locale: str = "en") -> str:
        """A constraint in words: the rule's own message, or a sentence for a catalog structure fact."""
        if constraint.message is not None:
            return localize(constraint.message, locale)
        kind, _, rest = constraint.id.partition(":")
        if kind == "rule":
            return f"rule '{rest}'"
        if kind == "product":
            return f"'{self.product.id}' is not available on this date"
        if kind == "dates":
            attribute, _, option = rest.partition(":")
            return f"option '{option}' of '{attribute}' is not available on this date"
        attribute, _, bound = rest.partition(":")
        many = self.product.attribute_index[attribute]
        assert isinstance(many, ManyOf)
        if bound == "min":
            return f"choose at least {many.min_count} options of '{attribute}'"
        return f"choose at most {many.max_count} options of '{attribute}'"


def single_values(allowed: Allowed) -> dict[int, int]:
    """The variables the masks fix to one value, with that value's position."""
    return {var: int(np.flatnonzero(m)[0]) for var, m in enumerate(allowed) if m is not None and m.sum() == 1}
