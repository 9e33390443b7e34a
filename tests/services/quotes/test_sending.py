"""Sending quotes and the customer's answer (SQLite and PostgreSQL): the PDF by e-mail under consent, else the
link to the rep; accept within validity makes one order at the quoted prices; reject; expiry."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from app.errors import ConflictError, ForbiddenError, TailorError
from app.models import Interaction, OutboxAttachment
from app.services.notifications.outbox import attachments_of
from app.services.quotes.answers import open_by_token
from app.services.quotes.sending import quote_document_of
from app.services.quotes.store import change_line, lines_of, quote_of
from tests.services.quotes.builders import quote_with_jeans, staff
from tests.services.quotes.sending_builders import allow_email, last_message, send, token_in, token_of


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_with_consent_the_quote_is_emailed_with_its_pdf_and_only_the_hash_is_kept(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep, quantity=2)
    allow_email(session, quote.customer_id)
    sent = send(session, quote, rep)
    assert sent.emailed
    assert sent.to == "ana@example.com"
    assert sent.quote.status == "sent"
    assert sent.quote.sent_at is not None
    token = token_of(sent)
    assert len(token) >= 43
    assert sent.quote.accept_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(sent)
    message = last_message(session)
    assert message is not None
    assert message.kind == "quote"
    assert message.id == sent.message_id
    assert token_in(message.body_text) == token
    [(filename, content_type, pdf)] = attachments_of(session=session, message_id=int(message.id or 0))
    assert (filename, content_type) == (f"quote-{quote.root_id}-r1.pdf", "application/pdf")
    assert "Ana Ruiz" in pdf_text(pdf)
    seen = session.exec(select(Interaction).where(Interaction.kind == "quote_sent")).one()
    assert seen.channel == "email"
    assert token not in str(seen.links) + seen.summary


def test_without_consent_no_email_goes_and_the_rep_gets_the_link(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep)
    sent = send(session, quote, rep)
    assert not sent.emailed
    assert sent.message_id is None
    assert sent.to is None
    assert sent.link.startswith("https://tailor.example/quotes/")
    assert session.exec(select(OutboxAttachment)).first() is None
    assert last_message(session) is None or last_message(session).kind != "quote"  # type: ignore[union-attr]
    assert open_by_token(session=session, token=token_of(sent)).id == quote.id
    seen = session.exec(select(Interaction).where(Interaction.kind == "quote_sent")).one()
    assert seen.channel == "call_centre"


def test_the_document_is_in_the_customers_language(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep)
    from app.models import Customer

    customer = session.get(Customer, quote.customer_id)
    assert customer is not None
    customer.locale = "es"
    session.add(customer)
    session.commit()
    document = quote_document_of(session=session, quote=quote_of(session=session, quote_id=int(quote.id or 0)))
    assert document.locale == "es"
    assert document.customer_name == "Ana Ruiz"
    assert document.rep_email == "rita@example.com"
    assert document.rep_name == "Rita"
    assert document.number == str(quote.root_id)


def test_only_the_owner_or_a_manager_sends_and_never_an_empty_or_stale_quote(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    other = staff(session, "otto@example.com", "rep")
    quote = quote_with_jeans(session, rep)
    with pytest.raises(ForbiddenError):
        send(session, quote, other)
    fresh = quote_of(session=session, quote_id=int(quote.id or 0))
    from app.services.quotes.sending import send_quote

    with pytest.raises(ConflictError, match="changed meanwhile"):
        send_quote(session=session, quote_id=int(quote.id or 0), version=fresh.version - 1, actor=rep,
                   base_url="http://x")  # fmt: skip
    from app.services.quotes.store import create_quote

    empty = create_quote(session=session, customer_id=quote.customer_id, owner=rep)
    with pytest.raises(TailorError, match="no lines to send"):
        send(session, empty, rep)
    send(session, quote, rep)
    with pytest.raises(ConflictError, match="is sent and cannot be sent"):
        send(session, quote, rep)


def test_a_discount_above_authority_is_not_sent_before_approval(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep)
    key = lines_of(session=session, quote_id=int(quote.id or 0))[0].key
    fresh = quote_of(session=session, quote_id=int(quote.id or 0))
    change_line(session=session, quote_id=int(quote.id or 0), version=fresh.version, actor=rep, key=key,
                quantity="1", discount_percent="60")  # fmt: skip
    with pytest.raises(ConflictError, match="needs a manager's approval"):
        send(session, quote, rep)
    assert quote_of(session=session, quote_id=int(quote.id or 0)).status == "draft"


def test_an_expired_draft_is_refused_when_sent(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep)
    fresh = quote_of(session=session, quote_id=int(quote.id or 0))
    from app.services.quotes.sending import send_quote

    with pytest.raises(ConflictError, match="expired on"):
        send_quote(session=session, quote_id=int(quote.id or 0), version=fresh.version, actor=rep, base_url="http://x",
                   today=fresh.valid_until + timedelta(days=1))  # fmt: skip
    assert quote_of(session=session, quote_id=int(quote.id or 0)).status == "expired"
