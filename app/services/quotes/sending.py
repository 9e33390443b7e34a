"""Send a quote to its customer and take their answer: the PDF by e-mail (or a link for the rep to pass on),
the customer's page behind a secret link, accept (an order at the quoted prices) or reject, and expiry.

Sending makes a fresh random token (256 bits) for the link `/quotes/{token}`; only its SHA-256 is kept
(`Quote.accept_token_hash`), the token itself is never logged nor stored, except inside the e-mail
the outbox holds until it is delivered. The e-mail goes when the person it is for (the company's
contact, or the customer) allows e-mail for `CONSENT_PURPOSE` and has an e-mail address; otherwise the
rep gets the link and the PDF to hand over (`Sent.emailed` says which).

Consent: Tailor's purposes are marketing, personalisation and new products; a quote is a commercial
offer sent on the rep's initiative, so it is sent by e-mail under the customer's `marketing` consent
for the `email` channel (the consent the "they allow e-mail" of the product story is).

Accepting places one order with the quote's lines at their quoted prices (each line's net after every
discount: catalog rules, volume breaks, the line's and its share of the quote's). An order line's price
is per unit; a net that does not divide by the quantity is kept exact by splitting the line in two
(the first units one minor unit dearer). The status moves by a conditional update (`sent` → `accepted`),
so two accepts at once place one order: the second finds the first's and returns it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.catalog import Product
from app.errors import ConflictError, NotFoundError, TailorError
from app.i18n import LOCALES, say
from app.models import Account, Customer, Identifier, Order, Quote, QuoteApproval
from app.models.base import utcnow
from app.quotes.document import QuoteDocument, quote_document
from app.quotes.lines import LineTotals
from app.quotes.validity import OPEN, Status, is_expired, may_accept, move
from app.services.customers.consent import allowed
from app.services.customers.orders import Line, place_order
from app.services.customers.timeline import record_interaction
from app.services.notifications.outbox import queue_message
from app.services.quotes.pdf import quote_pdf
from app.services.quotes.priced import PricedQuote, line_catalog, priced_quote
from app.services.quotes.store import live_customer, may_change, quote_of, rolls_back

logger = logging.getLogger(__name__)

CONSENT_CHANNEL = "email"
CONSENT_PURPOSE = "marketing"
"""The consent a quote is e-mailed under (see the module docstring)."""
REASON_LENGTH = 1000
TOKEN_LENGTH = 200
"""Longer "tokens" are not looked up at all (ours are 43 characters)."""
MAIL = (
    "Your quote {number} from Tailor",
    "Hello {name},\n\n{rep} has prepared quote {number} for you, valid until {valid_until}. The quote is attached "
    "as a PDF.\n\nTo read it and accept or reject it, open this link:\n\n{link}\n\n"
    "Anyone with this link can answer the quote: please do not pass it on.",
)
"""The quote e-mail's subject and text (message ids: said in the customer's language)."""


@dataclass(frozen=True)
class Sent:
    """A sent quote: e-mailed to `to` (outbox message `message_id`), or not, and then the rep hands the `link` over."""

    quote: Quote
    emailed: bool
    filename: str
    link: str = field(repr=False)
    """The customer's link (say it to the rep once; it is not kept)."""
    to: str | None = field(default=None, repr=False)
    message_id: int | None = None


def token_hash(token: str) -> str:
    """What is kept of a link token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def pdf_filename(quote: Quote) -> str:
    """The PDF's file name: quote-NUMBER-rREVISION.pdf."""
    return f"quote-{quote.root_id or quote.id}-r{quote.revision}.pdf"


def locale_of(customer: Customer | None) -> str:
    """The customer's language when Tailor speaks it; English otherwise."""
    locale = (customer.locale or "en")[:2].lower() if customer is not None else "en"
    return locale if locale in LOCALES else "en"


def reader_of(session: Session, quote: Quote) -> Customer:
    """The person the quote is for: a company's contact, or the customer."""
    customer = live_customer(session=session, customer_id=quote.customer_id)
    if quote.contact_id is not None:
        contact = session.get(Customer, quote.contact_id)
        if contact is not None and contact.erased_at is None:
            return contact
    return customer


def quote_document_of(
    *, session: Session, quote: Quote, locale: str | None = None, priced: PricedQuote | None = None
) -> QuoteDocument:
    """The customer's document of the stored quote, in `locale` (default: the reader's language)."""
    priced = priced or priced_quote(session=session, quote=quote)
    if priced.problem is not None:
        raise priced.problem
    if priced.core is None or priced.totals is None:
        raise TailorError("Quote {number} has no lines.", number=quote.root_id or quote.id)
    products: dict[str, Product] = {}
    for line in priced.lines:
        products[line.product_id] = line_catalog(session, line).product(line.product_id)
    customer = live_customer(session=session, customer_id=quote.customer_id)
    reader = reader_of(session, quote)
    owner = session.get(Account, quote.owner_id) if quote.owner_id is not None else None
    rep = session.get(Customer, owner.customer_id) if owner is not None else None
    return quote_document(
        quote=priced.core,
        totals=priced.totals,
        products=products,
        locale=locale if locale in LOCALES else locale_of(reader if reader.locale else customer),
        number=str(quote.root_id or quote.id),
        revision=quote.revision,
        issued_on=(quote.sent_at or utcnow()).date(),
        valid_until=quote.valid_until,
        customer_name=customer.name,
        contact_name=reader.name if reader.id != customer.id else None,
        rep_name=rep.name if rep is not None and rep.erased_at is None else "",
        rep_email=owner.email if owner is not None else "",
        choices={line.key: line.choices for line in priced.lines},
        terms=quote.terms,
    )


def quote_pdf_of(*, session: Session, quote: Quote) -> bytes:
    """The stored quote's PDF in the reader's language."""
    return quote_pdf(quote_document_of(session=session, quote=quote))


@rolls_back
def send_quote(
    *, session: Session, quote_id: int, version: int, actor: Account, base_url: str, today: date | None = None
) -> Sent:
    """Send the quote: by e-mail with the PDF when the reader allows it, else the rep gets the link (commits)."""
    quote = quote_of(session=session, quote_id=quote_id)
    may_change(quote, actor)
    number = quote.root_id or quote.id
    if quote.version != version:
        raise ConflictError("Quote {number} was changed meanwhile: reload it and try again.", number=number)
    current = _status(quote)
    day = today or utcnow().date()
    if current in OPEN and is_expired(quote.valid_until, day):
        _expire(session, quote)
        raise ConflictError("Quote {number} expired on {day}: make a new revision.", number=number,
                            day=quote.valid_until.isoformat())  # fmt: skip
    priced = priced_quote(session=session, quote=quote)
    if priced.problem is not None:
        raise priced.problem
    if priced.totals is None:
        raise TailorError("Quote {number} has no lines to send.", number=number)
    if current is Status.DRAFT and priced.verdict is not None and priced.verdict.needs_approval:
        raise ConflictError("Quote {number} needs a manager's approval before it is sent.", number=number)
    if current is Status.DRAFT or current is Status.APPROVED:
        move(current, Status.SENT)
    else:
        raise ConflictError("Quote {number} is {status} and cannot be sent.", number=number, status=quote.status)
    token = secrets.token_urlsafe(32)
    link = f"{base_url.rstrip('/')}/quotes/{token}"
    now = utcnow()
    quote.accept_token_hash, quote.status, quote.sent_at = token_hash(token), Status.SENT.value, now
    quote.version += 1
    quote.updated_at = now
    session.add(quote)
    reader = reader_of(session, quote)
    document = quote_document_of(session=session, quote=quote, priced=priced)
    filename = pdf_filename(quote)
    address = _email_of(session, int(reader.id or 0))
    consents = allowed(session=session, customer_id=int(reader.id or 0), channel=CONSENT_CHANNEL,
                       purpose=CONSENT_PURPOSE)  # fmt: skip
    message_id = None
    if consents and address is not None:
        subject, text = MAIL
        locale = document.locale
        body = say(locale, text, name=reader.name, rep=document.rep_name or "Tailor", number=number,
                   valid_until=quote.valid_until.isoformat(), link=link)  # fmt: skip
        message = queue_message(session=session, to=address, subject=say(locale, subject, number=number), text=body,
                                kind="quote", locale=locale, customer_id=quote.customer_id,
                                attachments=[(filename, "application/pdf", quote_pdf(document))])  # fmt: skip
        message_id = message.id
    emailed = message_id is not None
    record_interaction(session=session, customer_id=quote.customer_id, channel="email" if emailed else quote.channel,
                       kind="quote_sent", who=actor.email[:100],
                       summary=f"Quote {number} revision {quote.revision} sent"
                       + (" by e-mail" if emailed else "; the rep hands over the link"),
                       links={"quote": number, "revision": quote.revision, "quote_id": quote.id,
                              "message": message_id},
                       commit=False)  # fmt: skip
    session.commit()
    session.refresh(quote)
    logger.info("quote %s revision %s sent (%s)", number, quote.revision, "e-mail" if emailed else "link to the rep")
    return Sent(quote=quote, emailed=emailed, filename=filename, link=link, to=address if emailed else None,
                message_id=message_id)  # fmt: skip


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
        raise ConflictError("This quote is {status} and can no longer be rejected.", status=fresh.status)
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


def _status(quote: Quote) -> Status:
    try:
        return Status(quote.status)
    except ValueError:  # superseded: a newer revision replaced it
        raise ConflictError("Quote {number} revision {revision} was replaced by a newer revision.",
                            number=quote.root_id, revision=quote.revision) from None  # fmt: skip


def _refuse_unless_open(session: Session, quote: Quote, day: date) -> None:
    """Pass for a sent quote within its validity; mark a sent one past it expired; refuse every other."""
    if quote.status == Status.SENT.value and is_expired(quote.valid_until, day):
        _expire(session, quote)
        raise ConflictError("This quote expired on {day}.", day=quote.valid_until.isoformat())
    if quote.status == "superseded":
        raise ConflictError("This quote was replaced by a newer revision, which will be sent to you.")
    if not may_accept(_status(quote), quote.valid_until, day):
        raise ConflictError("This quote is {status} and can no longer be answered.", status=quote.status)


def _expire(session: Session, quote: Quote) -> None:
    session.exec(
        update(Quote)
        .where(col(Quote.id) == quote.id, col(Quote.status).in_(sorted(s.value for s in OPEN)))
        .values(status=Status.EXPIRED.value, updated_at=utcnow(), version=col(Quote.version) + 1)
    )
    session.commit()
    session.refresh(quote)


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
    raise ConflictError("This quote is {status} and can no longer be accepted.", status=fresh.status)


def _order(session: Session, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFoundError("no order {number}", number=order_id)
    return order


def _email_of(session: Session, customer_id: int) -> str | None:
    return session.exec(
        select(Identifier.value).where(Identifier.customer_id == customer_id, Identifier.kind == "email")
        .order_by(col(Identifier.id))
    ).first()  # fmt: skip
