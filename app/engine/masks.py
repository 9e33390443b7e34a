"""A selection and a customer context, as masks of allowed value positions per variable.

The period comes from the date; each context key is fixed to the customer's value (or to
"not given"); each chosen attribute is fixed to its option or number; a chosen many-of fixes
every member (chosen or not); attributes not chosen stay free.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np

from app.catalog.evaluate import Choices
from app.engine.mdd import Allowed, BoolArray
from app.engine.periods import period_index
from app.engine.problem import NOT_GIVEN, OTHER, Problem
from app.errors import TailorError


class ContextError(TailorError):
    """A context key or value the catalog does not declare."""


def only(size: int, position: int) -> BoolArray:
    """A mask allowing one position."""
    mask = np.zeros(size, dtype=bool)
    mask[position] = True
    return mask


def context_masks(problem: Problem, context: dict[str, str], on: date) -> list[BoolArray | None]:
    """Masks fixing the period and every context variable; attribute variables stay free."""
    allowed: list[BoolArray | None] = [None] * len(problem.variables)
    allowed[problem.period_var] = only(len(problem.periods), period_index(problem.periods, on))
    for key in context:
        if key not in problem.context_vars:
            declared = ", ".join(problem.context_vars) or "none"
            raise ContextError(f"unknown context key '{key}' (declared: {declared})")
    for key, index in problem.context_vars.items():
        variable = problem.variables[index]
        value = context.get(key, NOT_GIVEN)
        if value is not NOT_GIVEN and value not in variable.values:
            known = problem.catalog.context[key]
            if known:
                raise ContextError(f"unknown value '{value}' for context '{key}' (allowed: {', '.join(known)})")
            value = OTHER
        allowed[index] = only(len(variable.values), variable.position(value))
    return allowed


def selection_masks(problem: Problem, choices: Choices, base: Allowed) -> list[BoolArray | None]:
    """`base` with every chosen attribute fixed (choices must already be checked and typed)."""
    allowed = list(base)
    for attribute, choice in choices.items():
        for index in problem.attribute_vars[attribute]:
            variable = problem.variables[index]
            if variable.kind == "member":
                chosen = isinstance(choice, list) and variable.option in choice
                allowed[index] = only(2, int(chosen))
            elif variable.kind == "numeric":
                assert isinstance(choice, Decimal)
                allowed[index] = only(len(variable.values), _numeric_position(variable.values, choice))
            else:
                allowed[index] = only(len(variable.values), variable.position(choice))  # type: ignore[arg-type]
    return allowed


def _numeric_position(values: tuple[object, ...], choice: Decimal) -> int:
    for position, value in enumerate(values):
        if value == choice:
            return position
    raise AssertionError(f"{choice} was checked to be a value")
