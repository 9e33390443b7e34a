"""Value recompute: every customer's current value, strategic value, cost to serve and tier.

Current value is the margin (price − cost of orders, returns netted out) over the trailing
window; strategic value the expected margin of the next 12 months from BG/NBD and
Gamma-Gamma fitted on everyone's order history (`app.value.lifetime`); cost to serve what
their interactions cost in the window. One recompute appends one `TierRecord` per customer
(the tier history) and sets `Customer.tier`, all in one transaction, with set-based SQL so
100,000 customers take seconds on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, insert, select, update
from sqlmodel import Session, col

from app.models import Customer, Interaction, Order, TierRecord
from app.models.base import utcnow
from app.value.lifetime import fit_bgnbd, fit_gamma_gamma, lifetime_value
from app.value.rfm import positions, rfm
from app.value.tiers import TierThresholds, assign_tiers

Progress = Callable[[str, int, int], None]
"""Called with (step, done, total) as the recompute goes."""
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MIN_BUYERS = 20
"""Below this many repeat buyers the lifetime models are not fitted; strategic value is then current value."""


@dataclass(frozen=True)
class Recompute:
    """What one recompute did: customers by tier, and when."""

    computed_at: datetime
    tiers: dict[str, int]


def recompute(
    *,
    session: Session,
    thresholds: TierThresholds | None = None,
    window_days: int = 365,
    as_of: datetime | None = None,
    progress: Progress | None = None,
) -> Recompute:
    """Recompute every live customer's values and tier (merged and erased customers are left out)."""
    now = as_of or utcnow()
    report = progress or (lambda step, done, total: None)
    live = select(col(Customer.id)).where(col(Customer.merged_into_id).is_(None), col(Customer.erased_at).is_(None))
    ids = np.array(session.execute(live).scalars().all(), dtype=np.int64)
    ids.sort()
    report("load", 0, 3)
    current, strategic = _order_values(session, ids, now, window_days)
    report("load", 2, 3)
    cost = _costs(session, ids, now - timedelta(days=window_days))
    report("load", 3, 3)
    tiers = assign_tiers(current, strategic, cost, thresholds)
    report("tiers", len(ids), len(ids))
    rows = [
        {
            "customer_id": int(customer),
            "tier": tier,
            "current_value_minor": round(float(value)),
            "strategic_value_minor": round(float(potential)),
            "cost_to_serve_minor": round(float(spent)),
            "computed_at": now,
        }
        for customer, tier, value, potential, spent in zip(ids, tiers, current, strategic, cost, strict=True)
    ]
    for start in range(0, len(rows), 20_000):
        session.execute(insert(TierRecord), rows[start : start + 20_000])
        report("write", min(start + 20_000, len(rows)), len(rows))
    # UPDATE ... FROM (PostgreSQL, SQLite 3.33+): one join, not a subquery per customer
    session.execute(
        update(Customer)
        .where(col(Customer.id) == col(TierRecord.customer_id), col(TierRecord.computed_at) == now)
        .values(tier=col(TierRecord.tier)),
        execution_options={"synchronize_session": False},
    )
    session.commit()
    counts = {tier: tiers.count(tier) for tier in sorted(set(tiers))}
    return Recompute(now, counts)


def _order_values(
    session: Session, ids: npt.NDArray[np.int64], now: datetime, window_days: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Per customer: margin in the window (minor units) and expected margin of the next 12 months."""
    margin = col(Order.total_minor) - col(Order.cost_minor)
    placed = session.execute(
        select(col(Order.customer_id), col(Order.placed_at), margin).where(
            col(Order.status) != "cancelled", col(Order.placed_at) <= now
        )
    ).all()
    buyers = np.array([row[0] for row in placed], dtype=np.int64)
    days = np.array([(row[1] - EPOCH).days for row in placed], dtype=np.int64)
    margins = np.array([row[2] for row in placed], dtype=np.float64)
    position, known = positions(ids, buyers)
    start = (now - EPOCH).days - window_days
    in_window = margins[known] * (days[known] >= start)
    current = np.bincount(position[known], weights=in_window, minlength=len(ids)).astype(np.float64)
    history = rfm(ids, buyers, days, now.date())
    counts = np.bincount(position[known], minlength=len(ids))
    average = np.divide(np.bincount(position[known], weights=margins[known], minlength=len(ids)), np.maximum(counts, 1))
    repeat = (history.frequency > 0) & (average > 0)
    if int(repeat.sum()) < MIN_BUYERS:
        return current, np.maximum(current, 0)
    buyers_mask = history.has_orders & (history.T > 0)
    bgnbd = fit_bgnbd(history.frequency[buyers_mask], history.recency[buyers_mask], history.T[buyers_mask])
    spend = fit_gamma_gamma(history.frequency[repeat], average[repeat])
    strategic = np.zeros(len(ids))
    monetary = np.where(average > 0, average, 0.0)
    chosen = buyers_mask & (monetary > 0)
    strategic[chosen] = lifetime_value(
        bgnbd,
        spend,
        history.frequency[chosen],
        history.recency[chosen],
        history.T[chosen],
        monetary[chosen],
        margin=1.0,
    )
    # a degenerate fit (few or odd histories) can give non-finite values: fall back to current value there
    broken = ~np.isfinite(strategic)
    strategic[broken] = np.maximum(current[broken], 0)
    return current, strategic


def _costs(session: Session, ids: npt.NDArray[np.int64], since: datetime) -> npt.NDArray[np.float64]:
    """Per customer: what their interactions cost since `since` (minor units)."""
    spent = session.execute(
        select(col(Interaction.customer_id), func.sum(col(Interaction.cost_minor)))
        .where(col(Interaction.occurred_at) >= since)
        .group_by(col(Interaction.customer_id))
    ).all()
    cost = np.zeros(len(ids))
    for customer, total in spent:
        position = int(np.searchsorted(ids, customer))
        if position < len(ids) and ids[position] == customer:
            cost[position] = float(total or 0)
    return cost


def tier_history(*, session: Session, customer_id: int) -> list[TierRecord]:
    """The customer's tiers, newest first."""
    newest = col(TierRecord.computed_at).desc()
    query = select(TierRecord).where(col(TierRecord.customer_id) == customer_id).order_by(newest)
    return list(session.execute(query).scalars())


def as_of_date(day: date) -> datetime:
    """The end of `day`, in UTC, as a recompute's `as_of`."""
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=UTC)
