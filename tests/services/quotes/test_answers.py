"""The customer's answer (SQLite and PostgreSQL): accept within validity makes one order at the quoted prices
(line and quote discounts, volume breaks), twice the same order; reject; unknown links; expiry."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.errors import ConflictError, NotFoundError, TailorError
from app.models import Interaction, Order, OrderLine, Quote
from app.models.base import utcnow
from app.quotes.lines import LineTotals
from app.services.quotes.answers import accept_quote, expire_quotes, open_by_token, order_lines, reject_quote
from app.services.quotes.priced import priced_quote
from app.services.quotes.store import change_line, change_terms, lines_of, quote_of
from tests.factories import complete_jeans
from tests.services.quotes.builders import add, quote_with_jeans, staff
from tests.services.quotes.sending_builders import send, token_of


def test_accepting_places_one_order_at_the_quoted_prices_and_again_the_same(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep, quantity=3)
    add(session, quote, rep, complete_jeans(), quantity=2)  # five pairs: a volume break
    qid = int(quote.id or 0)
    keys = [line.key for line in lines_of(session=session, quote_id=qid)]
    fresh = quote_of(session=session, quote_id=qid)
    change_line(session=session, quote_id=qid, version=fresh.version, actor=rep, key=keys[0], quantity="3",
                discount_percent="3")  # fmt: skip
    fresh = quote_of(session=session, quote_id=qid)
    change_terms(session=session, quote_id=qid, version=fresh.version, actor=rep, discount_percent="2.5",
                 valid_until=fresh.valid_until.isoformat(), terms="Delivery in two weeks.")  # fmt: skip
    fresh = quote_of(session=session, quote_id=qid)
    priced = priced_quote(session=session, quote=fresh)
    assert priced.totals is not None
    assert priced.totals.volume_discount > 0
    assert priced.totals.line_discount > 0
    assert priced.totals.quote_discount > 0
    token = token_of(send(session, fresh, rep))
    order = accept_quote(session=session, token=token)
    assert order.total_minor == priced.totals.net
    assert order.cost_minor == priced.totals.cost
    assert order.customer_id == quote.customer_id
    rows = session.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(col(OrderLine.id))).all()
    assert sum(row.quantity for row in rows) == 5
    assert {row.catalog_hash for row in rows} == {line.catalog_hash for line in priced.lines}
    assert all(row.choices == priced.lines[0].choices for row in rows)
    accepted = quote_of(session=session, quote_id=qid)
    assert accepted.status == "accepted"
    assert accepted.order_id == order.id
    assert accepted.decided_at is not None
    again = accept_quote(session=session, token=token)
    assert again.id == order.id
    assert len(session.exec(select(Order)).all()) == 1
    assert len(session.exec(select(Interaction).where(Interaction.kind == "quote_accepted")).all()) == 1
    with pytest.raises(ConflictError, match="accepted already"):
        reject_quote(session=session, token=token)


def test_after_its_last_day_a_quote_cannot_be_accepted_and_is_expired(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep)
    sent = send(session, quote, rep)
    last = sent.quote.valid_until
    order = None
    with pytest.raises(ConflictError, match="expired on"):
        order = accept_quote(session=session, token=token_of(sent), today=last + timedelta(days=1))
    assert order is None
    assert quote_of(session=session, quote_id=int(quote.id or 0)).status == "expired"
    assert session.exec(select(Order)).first() is None


def test_on_its_last_day_it_can_still_be_accepted(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    sent = send(session, quote_with_jeans(session, rep), rep)
    assert accept_quote(session=session, token=token_of(sent), today=sent.quote.valid_until).id is not None


def test_a_rejected_quote_keeps_the_reason_on_the_timeline_and_cannot_be_accepted(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    sent = send(session, quote_with_jeans(session, rep), rep)
    token = token_of(sent)
    with pytest.raises(TailorError, match="reason: at most"):
        reject_quote(session=session, token=token, reason="x" * 1001)
    rejected = reject_quote(session=session, token=token, reason="Too dear")
    assert rejected.status == "rejected"
    assert rejected.decided_at is not None
    assert reject_quote(session=session, token=token).status == "rejected"
    seen = session.exec(select(Interaction).where(Interaction.kind == "quote_rejected")).one()
    assert "Too dear" in seen.summary
    with pytest.raises(ConflictError):
        accept_quote(session=session, token=token)


def test_unknown_or_blank_tokens_find_nothing(session: Session) -> None:
    for token in ("", "   ", "nope", "x" * 500):
        with pytest.raises(NotFoundError):
            open_by_token(session=session, token=token)
        with pytest.raises(NotFoundError):
            accept_quote(session=session, token=token)


def test_open_quotes_past_their_validity_expire(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    sent = send(session, quote_with_jeans(session, rep), rep)
    draft = quote_with_jeans(session, rep, customer_email="bo@example.com")
    last = sent.quote.valid_until
    assert expire_quotes(session=session, today=last) == 0
    assert expire_quotes(session=session, today=last + timedelta(days=1)) == 2
    assert {q.status for q in session.exec(select(Quote)).all()} == {"expired"}
    assert expire_quotes(session=session, today=last + timedelta(days=1)) == 0
    assert draft.id is not None
    with pytest.raises(ConflictError, match="expired and can no longer be answered"):
        accept_quote(session=session, token=token_of(sent), today=utcnow().date())


def _totals(quantity: int, net: int, cost: int) -> LineTotals:
    return LineTotals(key="k", product="p", quantity=quantity, list=net, catalog_discount=0, volume_discount=0,
                      line_discount=0, quote_discount=0, net=net, cost=cost, margin=net - cost, margin_percent=None,
                      payment=None)  # fmt: skip


@pytest.mark.parametrize(("quantity", "net", "cost"), [(1, 999, 500), (4, 1000, 400), (3, 1000, 401), (7, 50, 13)])
def test_order_lines_keep_the_quoted_net_and_cost_to_the_minor_unit(quantity: int, net: int, cost: int) -> None:
    lines = order_lines("c", "1", "h", "p", {}, _totals(quantity, net, cost))
    assert sum(line.price_minor * line.quantity for line in lines) == net
    assert sum(line.cost_minor * line.quantity for line in lines) == cost
    assert sum(line.quantity for line in lines) == quantity
    assert len(lines) <= 3
    assert len(lines) == 1 or net % quantity or cost % quantity


def test_two_accepts_at_once_place_one_order(session: Session, db: Engine) -> None:
    rep = staff(session, "rita@example.com", "rep")
    token = token_of(send(session, quote_with_jeans(session, rep), rep))
    start = threading.Barrier(2)
    orders: list[int] = []

    def accept() -> None:
        with Session(db) as own:
            start.wait()
            orders.append(int(accept_quote(session=own, token=token).id or 0))

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(orders) == 2
    assert orders[0] == orders[1]
    assert len(session.exec(select(Order)).all()) == 1
