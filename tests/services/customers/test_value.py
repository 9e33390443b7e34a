"""Value recompute: tiers from orders and interactions, tier history kept (on SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from app.models import Customer, TierRecord
from app.services.customers.orders import Line, place_order
from app.services.customers.timeline import record_interaction
from app.services.customers.value import recompute, tier_history
from app.value.tiers import TierThresholds
from tests.factories import customer

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def buy(session: Session, who: int, price: int, cost: int, days_ago: int) -> None:
    line = Line("shop", "1", "jeans", price_minor=price, cost_minor=cost)
    place_order(session=session, customer_id=who, lines=[line], at=NOW - timedelta(days=days_ago))


def test_tiers_follow_value_and_cost_to_serve(session: Session) -> None:
    big = customer(session, "big@example.com", "Big")
    for days in (10, 50, 90, 200):
        buy(session, big, 90_000, 30_000, days)
    costly = customer(session, "costly@example.com", "Costly")
    buy(session, costly, 6_000, 4_000, 30)
    for days in (5, 6, 7):
        record_interaction(
            session=session,
            customer_id=costly,
            channel="field_visit",
            summary="visit",
            cost_minor=5_000,
            at=NOW - timedelta(days=days),
        )
    quiet = customer(session, "quiet@example.com", "Quiet")
    buy(session, quiet, 8_000, 5_000, 100)
    result = recompute(session=session, as_of=NOW, thresholds=TierThresholds(retain_share=0.25))
    assert sum(result.tiers.values()) == 3
    tiers = {c.name: c.tier for c in session.exec(select(Customer)).all()}
    assert tiers["Quiet"] in ("grow", "ordinary")
    assert tiers["Big"] == "retain"
    assert tiers["Costly"] == "below_zero"
    record = tier_history(session=session, customer_id=big)[0]
    assert record.current_value_minor == 4 * 60_000
    assert record.cost_to_serve_minor == 0
    costly_record = tier_history(session=session, customer_id=costly)[0]
    assert costly_record.cost_to_serve_minor == 15_000


def test_history_grows_with_each_recompute_and_fits_on_many_buyers(session: Session) -> None:
    rng = random.Random(5)
    ids = []
    for k in range(80):
        who = customer(session, f"c{k}@example.com", f"C{k}")
        ids.append(who)
        for _ in range(rng.randint(1, 6)):
            buy(session, who, rng.randint(3_000, 20_000), 2_000, rng.randint(1, 700))
    first = recompute(session=session, as_of=NOW - timedelta(days=30))
    second = recompute(session=session, as_of=NOW)
    assert sum(first.tiers.values()) == sum(second.tiers.values()) == 80
    history = tier_history(session=session, customer_id=ids[0])
    assert [r.computed_at for r in history] == [NOW, NOW - timedelta(days=30)]
    rows = session.exec(select(TierRecord).where(TierRecord.computed_at == NOW)).all()
    assert len(rows) == 80
    assert all(r.strategic_value_minor >= 0 for r in rows)
    assert any(r.strategic_value_minor > 0 for r in rows)
    stored = {c.id: c.tier for c in session.exec(select(Customer)).all()}
    assert all(stored[r.customer_id] == r.tier for r in rows)
