"""The reps' home, quote requests: oldest and most valuable first, and who picked each up (both DBs)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from app.models import QuoteApproval, TierRecord
from app.services.customers.timeline import record_interaction
from app.services.quotes.home import approvals_for, my_quotes, picked_lately, waiting_requests
from app.services.quotes.requests import pick_quote_request
from app.services.quotes.store import create_quote
from tests.factories import customer
from tests.services.quotes.builders import quote_with_jeans, staff

NOW = datetime(2030, 3, 10, 12, tzinfo=UTC)


def _ask(session: Session, name: str, hours_ago: float, value: int | None = None, price: int | None = None) -> int:
    found = customer(session, f"{name.lower()}@example.com", name)
    if value is not None:
        session.add(
            TierRecord(
                customer_id=found,
                tier="ordinary",
                current_value_minor=value // 2,
                strategic_value_minor=0,
                cost_to_serve_minor=0,
                computed_at=NOW - timedelta(days=9),
            )
        )
        session.add(TierRecord(customer_id=found, tier="retain", current_value_minor=value, strategic_value_minor=0,
                               cost_to_serve_minor=0, computed_at=NOW - timedelta(days=1)))  # fmt: skip
        session.commit()
    links = {"price_minor": price, "currency": "EUR"} if price is not None else {}
    asked = record_interaction(session=session, customer_id=found, channel="web", kind="quote_request",
                               summary=f"Asked for a quote for Custom jeans ({name})", links=links,
                               at=NOW - timedelta(hours=hours_ago))  # fmt: skip
    return int(asked.id or 0)


def test_waiting_requests_go_by_days_waiting_then_value_then_price(session: Session) -> None:
    old_small = _ask(session, "Olga", hours_ago=60, value=100)
    new_rich = _ask(session, "Rita", hours_ago=2, value=90_000)
    new_poor = _ask(session, "Pia", hours_ago=20)
    new_pricey = _ask(session, "Paz", hours_ago=3, price=50_000)
    old_rich = _ask(session, "Ona", hours_ago=50, value=5_000)
    waiting, total = waiting_requests(session=session, now=NOW)
    assert [w.request.id for w in waiting] == [old_rich, old_small, new_rich, new_pricey, new_poor]
    assert total == 5
    first = waiting[0]
    assert (first.name, first.tier, first.value_minor, first.days) == ("Ona", None, 5_000, 2)
    assert waiting[3].price_minor == 50_000


def test_picked_requests_leave_the_queue_and_say_who_took_them(session: Session) -> None:
    taken = _ask(session, "Ana", hours_ago=5)
    kept = _ask(session, "Bea", hours_ago=4)
    pick_quote_request(session=session, interaction_id=taken, rep_email="rui@tailor.example")
    waiting, total = waiting_requests(session=session)
    assert ([w.request.id for w in waiting], total) == ([kept], 1)
    [picked] = picked_lately(session=session)
    assert (picked.request.id, picked.name, picked.by) == (taken, "Ana", "rui@tailor.example")
    assert picked.quote_id is None, "no quote was opened from it here"
    assert picked_lately(session=session, now=datetime.now(UTC) + timedelta(days=8)) == []


def test_my_quotes_by_status_and_the_approvals_a_manager_may_decide(session: Session) -> None:
    rep = staff(session, "rui@tailor.example", "rep")
    boss = staff(session, "eva@tailor.example", "sales_manager")
    first = quote_with_jeans(session, rep)
    second = create_quote(session=session, customer_id=first.customer_id, owner=rep)
    old = create_quote(session=session, customer_id=first.customer_id, owner=rep)
    old.status = "superseded"
    session.add(old)
    session.add(QuoteApproval(quote_id=int(second.id or 0), requested_by=rep.id, reason="Loyal for years"))
    own = create_quote(session=session, customer_id=first.customer_id, owner=boss)
    session.add(QuoteApproval(quote_id=int(own.id or 0), requested_by=boss.id, reason="Mine"))
    session.commit()
    mine = my_quotes(session=session, account_id=int(rep.id or 0))
    assert mine.counts == {"draft": 2}
    assert [quote.id for quote, _ in mine.latest] == [second.id, first.id]
    assert mine.latest[0][1] == "Ana Ruiz"
    [waiting] = approvals_for(session=session, account_id=int(boss.id or 0))
    assert (waiting.quote.id, waiting.customer, waiting.rep) == (second.id, "Ana Ruiz", "rui@tailor.example")
    assert [w.quote.id for w in approvals_for(session=session, account_id=int(rep.id or 0))] == [own.id]
    assert my_quotes(session=session, account_id=int(boss.id or 0)).counts == {"draft": 1}
