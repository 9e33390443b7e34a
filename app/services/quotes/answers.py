"""The customer's answer to a sent quote, behind the secret link: open it, accept it (one order at the quoted
prices), reject it; and expiry of open quotes past their last valid day.

A link token is looked up by its SHA-256 only (`app.services.quotes.sending.token_hash`); an unknown or
blank one is `NotFoundError` and says nothing more. Accepting places one order with the quote's lines at
their quoted prices (each line's net after every discount: catalog rules, volume breaks, the line's own
and its share of the quote's). An order line's price is per unit; a net (or cost) that does not divide by
the quantity is kept exact by splitting the line (the first units one minor unit dearer), so the order's
total is the quote's to the minor unit. The status moves by a conditional update (`sent` -> `accepted`),
so two accepts at once place one order: the second finds the first's and returns it.
"""

from __future__ import annotations

import logging
from datetime import date
from itertools import pairwise

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.errors import ConflictError, NotFoundError, TailorError
from app.models import Order, Quote, QuoteApproval
from app.models.base import utcnow
from app.quotes.lines import LineTotals
from app.quotes.validity import OPEN, Status, is_expired, may_accept
from app.services.customers.orders import Line, place_order
from app.services.customers.timeline import record_interaction
from app.services.quotes.priced import priced_quote
from app.services.quotes.sending import expire_now, status_of, token_hash
from app.services.quotes.store import quote_of

logger = logging.getLogger(__name__)

REASON_LENGTH = 1000
TOKEN_LENGTH = 200
"""Longer "tokens" are not looked up at all (ours are 43 characters)."""


def open_by_token(*, session: Session, token: str) -> Quote:
    """The quote revision behind a link token (`NotFoundError`, saying nothing more, for any other token)."""
    token = token.strip()
    if not token or len(token) > TOKEN_LENGTH:
        raise NotFoundError("There is no such quote.")
    found = session.exec(select(Quote).where(Quote.accept_token_hash == token_hash(token))).first()
    if found is None:
        raise NotFoundError("There is no such quote.")
    return found


def accept_quote(*, session: Session, token: str, today: date | None = None) -> Order:
    """Accept a sent quote within its validity: one order at the quoted prices (the same order when asked again)."""
    quote = open_by_token(session=session, token=token)
    if quote.status == Status.ACCEPTED.value and quote.order_id is not None:
        return _order(session, quote.order_id)
    day = today or utcnow().date()
    _refuse_unless_open(session, quote, day)
    priced = priced_quote(session=session, quote=quote)
    if priced.problem is not None:
        raise priced.problem
    if priced.totals is None:
        raise ConflictError("This quote has no lines.")
    now = utcnow()
    if not _claim(session, quote, Status.ACCEPTED, now):
        return _accepted_meanwhile(session, int(quote.id or 0))
    lines = [line for row, totals in zip(priced.lines, priced.totals.lines, strict=True)
             for line in order_lines(row.catalog_id, row.catalog_version, row.catalog_hash, row.product_id,
                                     row.choices, totals)]  # fmt: skip
    try:
        order = place_order(session=session, customer_id=quote.customer_id, lines=lines, channel=quote.channel,
                            currency=priced.totals.currency, at=now, commit=False)  # fmt: skip
        session.exec(update(Quote).where(col(Quote.id) == quote.id).values(order_id=order.id))
        number = quote.root_id or quote.id
        record_interaction(session=session, customer_id=quote.customer_id, channel="web", kind="quote_accepted",
                           summary=f"Quote {number} revision {quote.revision} accepted: order {order.id}",
                           links={"quote": number, "revision": quote.revision, "quote_id": quote.id,
                                  "order": order.id}, at=now, commit=False)  # fmt: skip
        session.commit()
    except Exception:
        session.rollback()
        raise
    logger.info("quote %s revision %s accepted: order %s", quote.root_id, quote.revision, order.id)
    return order


def reject_quote(*, session: Session, token: str, reason: str = "", today: date | None = None) -> Quote:
    """Reject a sent quote (the customer's reason, if any, goes on the timeline); rejecting again changes nothing."""
    quote = open_by_token(session=session, token=token)
    if quote.status == Status.REJECTED.value:
        return quote
    reason = reason.strip()
    if len(reason) > REASON_LENGTH:
        raise TailorError("reason: at most {count} characters", count=REASON_LENGTH)
    _refuse_unless_open(session, quote, today or utcnow().date())
    now = utcnow()
    if not _claim(session, quote, Status.REJECTED, now):
        session.rollback()
        fresh = quote_of(session=session, quote_id=int(quote.id or 0))
        if fresh.status == Status.REJECTED.value:
            return fresh
        raise _answered(fresh)
    number = quote.root_id or quote.id
    record_interaction(session=session, customer_id=quote.customer_id, channel="web", kind="quote_rejected",
                       summary=f"Quote {number} revision {quote.revision} rejected" + (f": {reason}" if reason else ""),
                       links={"quote": number, "revision": quote.revision, "quote_id": quote.id}, at=now,
                       commit=False)  # fmt: skip
    session.commit()
    return quote_of(session=session, quote_id=int(quote.id or 0))


def expire_quotes(*, session: Session, today: date | None = None) -> int:
    """Mark every open quote past its last valid day expired (their pending approvals cancelled); how many."""
    day = today or utcnow().date()
    open_statuses = sorted(status.value for status in OPEN)
    ids = list(session.exec(
        select(Quote.id).where(col(Quote.status).in_(open_statuses), col(Quote.valid_until) < day)
    ).all())  # fmt: skip
    if not ids:
        return 0  # nothing to expire: no write at all (the scheduler looks every check)
    now = utcnow()
    result = session.exec(
        update(Quote)
        .where(col(Quote.id).in_(ids), col(Quote.status).in_(open_statuses), col(Quote.valid_until) < day)
        .values(status=Status.EXPIRED.value, updated_at=now, version=col(Quote.version) + 1)
    )
    session.exec(
        update(QuoteApproval)
        .where(col(QuoteApproval.quote_id).in_(ids), col(QuoteApproval.state) == "pending")
        .values(state="cancelled", decided_at=now, comment="The quote expired.")
    )
    session.commit()
    logger.info("quotes: %d expired", result.rowcount)
    return int(result.rowcount)


def link_state(quote: Quote, today: date | None = None) -> str:
    """What the customer's page says: the status, and `expired` for a sent quote past its last day."""
    if quote.status == Status.SENT.value and is_expired(quote.valid_until, today or utcnow().date()):
        return Status.EXPIRED.value
    return quote.status


def order_of(*, session: Session, quote: Quote) -> Order | None:
    """The order an accepted quote became."""
    return session.get(Order, quote.order_id) if quote.order_id is not None else None


def order_lines(
    catalog_id: str, catalog_version: str, catalog_hash: str, product_id: str, choices: dict[str, object],
    totals: LineTotals,
) -> list[Line]:  # fmt: skip
    """A quote line as order lines at its quoted net and cost: one line, or two when the net or the cost do not
    divide by the quantity (the first units one minor unit dearer), so the order's totals are the quote's."""
    quantity = totals.quantity
    price, price_left = divmod(totals.net, quantity)
    cost, cost_left = divmod(totals.cost, quantity)
    cuts = sorted({0, price_left, cost_left, quantity})
    return [
        Line(catalog_id=catalog_id, catalog_version=catalog_version, catalog_hash=catalog_hash, product_id=product_id,
             choices=dict(choices), quantity=end - start, price_minor=price + (1 if start < price_left else 0),
             cost_minor=cost + (1 if start < cost_left else 0))
        for start, end in pairwise(cuts) if end > start
    ]  # fmt: skip


def _refuse_unless_open(session: Session, quote: Quote, day: date) -> None:
    """Pass for a sent quote within its validity; mark a sent one past it expired; refuse every other."""
    if quote.status == Status.SENT.value and is_expired(quote.valid_until, day):
        expire_now(session, quote)
        raise ConflictError("This quote expired on {day}.", day=quote.valid_until.isoformat())
    if quote.status == "superseded":
        raise ConflictError("This quote was replaced by a newer revision, which will be sent to you.")
    if not may_accept(status_of(quote), quote.valid_until, day):
        raise _answered(quote)


def _claim(session: Session, quote: Quote, target: Status, now: object) -> bool:
    """Move the quote from sent to `target` unless someone did first (not committed); whether this call did."""
    result = session.exec(
        update(Quote)
        .where(col(Quote.id) == quote.id, col(Quote.status) == Status.SENT.value)
        .values(status=target.value, decided_at=now, updated_at=now, version=col(Quote.version) + 1)
    )
    return int(result.rowcount) == 1


def _accepted_meanwhile(session: Session, quote_id: int) -> Order:
    session.rollback()
    fresh = quote_of(session=session, quote_id=quote_id)
    session.refresh(fresh)
    if fresh.status == Status.ACCEPTED.value and fresh.order_id is not None:
        return _order(session, fresh.order_id)
    raise _answered(fresh)


ANSWERED = {
    Status.ACCEPTED.value: "This quote was accepted already.",
    Status.REJECTED.value: "This quote was rejected and can no longer be accepted.",
    Status.EXPIRED.value: "This quote has expired and can no longer be answered.",
}


def _answered(quote: Quote) -> ConflictError:
    """Why the customer cannot answer `quote` (said without the status's internal name)."""
    return ConflictError(ANSWERED.get(quote.status, "This quote cannot be answered yet."))


def _order(session: Session, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFoundError("no order {number}", number=order_id)
    return order
