"""A selection and a customer context, as masks of allowed value positions per variable.

The period comes from the date; each context key is fixed to the customer's value (or to
"not given"); each chosen attribute is fixed to its option or number; a chosen many-of fixes
every member (chosen or not); attributes not chosen stay free. A number that is not exactly
one of a numeric attribute's values is refused with the values it may take, whatever checked it
before (no assertion is reachable from input).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np

from app.catalog.attributes import Numeric
from app.catalog.evaluate import Choices
from app.catalog.selection import SelectionError
from app.engine.mdd import Allowed, BoolArray
from app.engine.periods import period_index
from app.engine.problem import NOT_GIVEN, OTHER, Problem, Variable
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
            raise ContextError("unknown context key '{key}' (declared: {declared})", key=key, declared=declared)
    for key, index in problem.context_vars.items():
        variable = problem.variables[index]
        value = context.get(key, NOT_GIVEN)
        if value is not NOT_GIVEN and value not in variable.values:
            known = problem.catalog.context[key]
            if known:
                raise ContextError(
                    "unknown value '{value}' for context '{key}' (allowed: {allowed})",
                    value=value,
                    key=key,
                    allowed=", ".join(known),
                )
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
                allowed[index] = only(len(variable.values), numeric_position(problem, variable, choice))
            else:
                allowed[index] = only(len(variable.values), variable.position(choice))  # type: ignore[arg-type]
    return allowed


def numeric_position(problem: Problem, variable: Variable, choice: object) -> int:
    """The position of a numeric choice; `SelectionError` when it is not exactly one of the values.

    Decimal comparison is exact, so a number a rounding check let through (32 followed by 28 zeros
    and a 1, which is 32 to 28 digits) is refused here rather than matched to its neighbour.
    """
    if isinstance(choice, Decimal) and choice.is_finite():
        for position, value in enumerate(variable.values):
            if value == choice:
                return position
    attribute = problem.product.attribute_index[str(variable.attribute)]
    if not isinstance(attribute, Numeric):
        raise SelectionError("{value} is not a value of attribute '{attribute}'", value=choice, attribute=attribute.id)
    raise SelectionError(
        "{value} is not a value of attribute '{attribute}' ({min}..{max} in steps of {step})",
        value=choice,
        attribute=attribute.id,
        min=attribute.min,
        max=attribute.max,
        step=attribute.step,
    )
