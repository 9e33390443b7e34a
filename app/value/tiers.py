"""Value tiers after Peppers & Rogers: treat different customers differently, by value.

Each customer has a current value (the margin they bring now), a strategic value (the margin they
could bring: their potential) and a cost to serve, all in one currency unit over one period. The
tiers, in order of precedence:
- "below_zero": current value − cost to serve < `below_zero_at`: they cost more than they bring;
- "retain": the top `retain_share` of all customers by current value (the most valuable);
- "grow": strategic value above `grow_ratio` × current value (the most growable);
- "ordinary": everyone else.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from app.value.lifetime import FloatArray, Numbers, ValueInputError, as_values, same_length

TIERS = ("retain", "grow", "ordinary", "below_zero")
"""Every value tier, most valuable first."""


class TierThresholds(BaseModel):
    """Where the tiers split; values in the same currency unit as the customers' values."""

    model_config = ConfigDict(frozen=True)

    retain_share: float = Field(default=0.2, ge=0, le=1)
    """Share of all customers, ranked by current value, to retain (ties at the cut all count)."""
    grow_ratio: float = Field(default=1.0, ge=0)
    """Strategic ÷ current value above which a customer who is not retained is one to grow."""
    below_zero_at: float = 0.0
    """Current value − cost to serve under this is below zero."""


def assign_tiers(
    current_value: Numbers,
    strategic_value: Numbers,
    cost_to_serve: Numbers,
    thresholds: TierThresholds | None = None,
) -> list[str]:
    """Each customer's value tier (one of TIERS), in input order; only current value may be negative."""
    limits = thresholds or TierThresholds()
    current = _values("current_value", current_value, negative_ok=True)
    strategic = _values("strategic_value", strategic_value)
    cost = _values("cost_to_serve", cost_to_serve)
    same_length(current_value=current, strategic_value=strategic, cost_to_serve=cost)
    if current.size == 0:
        return []
    below = current - cost < limits.below_zero_at
    retain = ~below & (current >= retain_cut(current, limits.retain_share)) & (current > 0)
    grow = ~below & ~retain & (strategic > 0) & (strategic > limits.grow_ratio * current)
    tiers = np.select([below, retain, grow], ["below_zero", "retain", "grow"], default="ordinary")
    return [str(tier) for tier in tiers.tolist()]


def retain_cut(current: FloatArray, share: float) -> float:
    """The current value at or above which a customer is in the top `share` (inf for share 0)."""
    count = math.ceil(share * current.size - 1e-9)  # the fewest customers covering the share
    if count <= 0:
        return math.inf
    return float(np.partition(current, current.size - count)[current.size - count])


def _values(argument: str, values: Numbers, *, negative_ok: bool = False) -> FloatArray:
    """Like `as_values`, but an empty population is allowed (it has no tiers)."""
    if len(values) == 0:
        return np.zeros(0)
    return as_values(argument, values, negative_ok=negative_ok)


@dataclass(frozen=True)
class Order:
    """One order's margin (revenue − cost of goods, in minor units or any one currency unit)."""

    customer_id: str
    placed_on: date
    margin: Decimal


def current_value(orders: Iterable[Order], *, as_of: date, window_days: int = 365) -> dict[str, Decimal]:
    """Each ordering customer's margin over the `window_days` days up to and including `as_of`.

    An order counts when as_of − window_days < placed_on ≤ as_of; later orders do not count yet.
    Every customer with an order appears; one whose orders all fall outside the window has 0.
    A margin may be negative (a return), so a current value may be too.
    """
    if window_days < 1:
        raise ValueInputError("window_days", None, f"{window_days} is not a window of at least one day")
    start = as_of - timedelta(days=window_days)
    totals: dict[str, Decimal] = {}
    for order in orders:
        totals.setdefault(order.customer_id, Decimal(0))
        if start < order.placed_on <= as_of:
            totals[order.customer_id] += order.margin
    return totals
