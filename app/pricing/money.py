"""Money arithmetic: `Decimal` to 50 significant digits, rounded half-up to whole minor units.

Half-up means ties go away from zero (2.5 -> 3, -2.5 -> -3), as `decimal.ROUND_HALF_UP` does.
No float is ever involved.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.numbers import format_currency, get_currency_precision

PRECISION = 50
"""Significant digits for intermediate results: exact for any realistic amount and rate."""


def round_half_up(value: Decimal) -> int:
    """`value` rounded half-up to a whole number of minor units."""
    with localcontext() as context:
        context.prec = PRECISION
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(amount: int, percent: Decimal) -> int:
    """`percent` % of `amount` minor units, rounded half-up to whole minor units."""
    with localcontext() as context:
        context.prec = PRECISION
        return round_half_up(Decimal(amount) * percent / 100)


def ratio_percent(part: int, whole: int) -> Decimal | None:
    """`part` as a percent of `whole`, rounded half-up to 2 decimal places (None when `whole` is 0)."""
    if whole == 0:
        return None
    with localcontext() as context:
        context.prec = PRECISION
        return (Decimal(part) * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` minor units in proportion to the positive `weights`, exactly.

    Each share is first rounded down, then the cents left over go one each to the largest
    remainders (the earliest on ties), so the shares always add up to `total`. When
    0 <= total <= sum of positive weights, no share exceeds its weight.
    """
    positive = [max(weight, 0) for weight in weights]
    whole = sum(positive)
    if whole == 0:
        return [0] * len(weights)
    shares = [total * weight // whole for weight in positive]
    remainders = [total * weight % whole for weight in positive]
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def format_money(minor_units: int, currency: str, locale: str = "en") -> str:
    """Minor units shown as money in `locale`, with the currency's own number of decimals (1999 EUR -> '€19.99')."""
    amount = Decimal(minor_units).scaleb(-get_currency_precision(currency))
    return str(format_currency(amount, currency, locale=locale))
