"""The numbers a completion question takes besides the selection: a list-price budget, weights, how many offers."""

from __future__ import annotations

import math
from decimal import Decimal

from app.catalog.selection import SelectionError

MAX_MINOR_UNITS = 2**63 - 1
"""The largest list-price budget a completion takes (int64, what CP-SAT's integers hold)."""
MAX_WEIGHT = 1_000_000
"""The largest preference weight, either sign (the fit objective scales weights by a million)."""
MAX_OFFERS = 20
"""The most offers one completion gives."""


def offers_wanted(k: int) -> int:
    """`k` when it is a number of offers from 1 to `MAX_OFFERS`, else `SelectionError`."""
    if not 1 <= k <= MAX_OFFERS:
        raise SelectionError("k {k} is not a number of offers from 1 to {most}", k=k, most=MAX_OFFERS)
    return k


def price_budget(budget: object) -> int | None:
    """A list-price budget as whole minor units from 0 to `MAX_MINOR_UNITS`, else `SelectionError`."""
    if budget is None:
        return None
    whole = whole_number(budget)
    if whole is None or not 0 <= whole <= MAX_MINOR_UNITS:
        raise SelectionError(
            "budget {budget} is not a whole number of minor units from 0 to {most}", budget=budget, most=MAX_MINOR_UNITS
        )
    return whole


def preference_weight(attribute: str, option: str, weight: object) -> int:
    """A preference weight as a whole number within `MAX_WEIGHT` either way, else `SelectionError`."""
    whole = whole_number(weight)
    if whole is None or abs(whole) > MAX_WEIGHT:
        raise SelectionError(
            "the weight {weight} of '{attribute}={option}' is not a whole number from -{most} to {most}",
            weight=weight,
            attribute=attribute,
            option=option,
            most=MAX_WEIGHT,
        )
    return whole


def whole_number(number: object) -> int | None:
    """`number` as an int when it is a finite whole number of moderate size (int, Decimal or float), else None.

    The size is checked first and without the decimal context (`copy_abs`, which cannot overflow),
    so a Decimal like 1E+999999999 is neither expanded nor an arithmetic error.
    """
    if isinstance(number, bool):
        return None
    if isinstance(number, int):
        return number
    if isinstance(number, Decimal):
        if not number.is_finite() or number.copy_abs() > 2**64 or number != number.to_integral_value():
            return None
        return int(number)
    if isinstance(number, float) and math.isfinite(number) and number.is_integer() and abs(number) <= 2**64:
        return int(number)
    return None
