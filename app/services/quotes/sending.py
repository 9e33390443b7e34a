"""Send a quote to its customer: the PDF by e-mail (or a link for the rep to pass on) to the customer's page
behind a secret link; the customer's document of a stored quote; how the e-mail went.

Sending makes a fresh random token (256 bits) for the link `/quotes/{token}`; only its SHA-256 is kept
(`Quote.accept_token_hash`), the token itself is never logged nor stored, except inside the e-mail
the outbox holds until it is delivered. The e-mail goes when the person it is for (the company's
contact, or the customer) allows e-mail for `CONSENT_PURPOSE` and has an e-mail address; otherwise the
rep gets the link and the PDF to hand over (`Sent.emailed` says which).

Consent: Tailor's purposes are marketing, personalisation and new products; a quote is a commercial
offer sent on the rep's initiative, so it is sent by e-mail under the customer's `marketing` consent
for the `email` channel (the consent the "they allow e-mail" of the product story is).

The customer's answer (accept, reject) and expiry are in `app.services.quotes.answers`.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date
from sqlalchemy import update
from sqlmodel import Session, col, select

from app.catalog import Product
from app.errors import ConflictError, TailorError
from app.i18n import BABEL_LOCALE, LOCALES, say
from app.models import Account, Customer, Identifier, Interaction, OutboxMessage, Quote
from app.models.base import utcnow
from app.quotes.document import QuoteDocument, quote_document
from app.quotes.validity import OPEN, Status, is_expired, move
from app.services.customers.consent import allowed
from app.services.customers.timeline import record_interaction
from app.services.notifications.outbox import queue_message
from app.services.quotes.pdf import quote_pdf
from app.services.quotes.priced import PricedQuote, line_catalog, priced_quote
from app.services.quotes.store import live_customer, may_change, quote_of, rolls_back

logger = logging.getLogger(__name__)

CONSENT_CHANNEL = "email"
CONSENT_PURPOSE = "marketing"
"""The consent a quote is e-mailed under (see the module docstring)."""
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
    current = status_of(quote)
    day = today or utcnow().date()
    if current in OPEN and is_expired(quote.valid_until, day):
        expire_now(session, quote)
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
                   valid_until=format_date(quote.valid_until, "long", locale=BABEL_LOCALE.get(locale, locale)),
                   link=link)  # fmt: skip
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


def status_of(quote: Quote) -> Status:
    """The quote's status in the core's terms (`ConflictError` for a superseded revision)."""
    try:
        return Status(quote.status)
    except ValueError:  # superseded: a newer revision replaced it
        raise ConflictError("Quote {number} revision {revision} was replaced by a newer revision.",
                            number=quote.root_id, revision=quote.revision) from None  # fmt: skip


def expire_now(session: Session, quote: Quote) -> None:
    """Mark an open quote expired (commits)."""
    session.exec(
        update(Quote)
        .where(col(Quote.id) == quote.id, col(Quote.status).in_(sorted(s.value for s in OPEN)))
        .values(status=Status.EXPIRED.value, updated_at=utcnow(), version=col(Quote.version) + 1)
    )
    session.commit()
    session.refresh(quote)


def _email_of(session: Session, customer_id: int) -> str | None:
    return session.exec(
        select(Identifier.value).where(Identifier.customer_id == customer_id, Identifier.kind == "email")
        .order_by(col(Identifier.id))
    ).first()  # fmt: skip


def mail_status(*, session: Session, quote: Quote) -> str | None:
    """How the quote's e-mail went: "queued", "sent" or "failed"; "link" when the rep was given the link
    instead; None before it was sent."""
    if quote.sent_at is None:
        return None
    rows = session.exec(
        select(Interaction).where(Interaction.customer_id == quote.customer_id, Interaction.kind == "quote_sent")
        .order_by(col(Interaction.id).desc())
    ).all()  # fmt: skip
    found = next((row for row in rows if row.links.get("quote_id") == quote.id), None)
    message_id = found.links.get("message") if found is not None else None
    message = session.get(OutboxMessage, message_id) if isinstance(message_id, int) else None
    if message is None:
        return "link"
    if message.sent_at is not None:
        return "sent"
    return "failed" if message.failed_at is not None else "queued"
