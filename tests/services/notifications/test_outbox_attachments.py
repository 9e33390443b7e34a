"""Outbox attachments (both backends): kept with the message, bounded, and delivered as files over real SMTP;
a sent quote's PDF arrives attached."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import OutboxAttachment
from app.models.outbox import MAX_ATTACHMENT
from app.services.notifications.outbox import deliver_due, forget_messages, queue_message
from tests.mailbox import Inbox, settings_for, smtp_server
from tests.services.quotes.builders import quote_with_jeans, staff
from tests.services.quotes.sending_builders import allow_email, send, token_in, token_of


@pytest.fixture
def mail(db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    with smtp_server() as inbox, settings_for(db, inbox, tmp_path, monkeypatch):
        yield inbox


def queue(session: Session, *attachments: tuple[str, str, bytes]) -> int:
    message = queue_message(session=session, to="ana@example.com", subject="Files", text="See the files.",
                            kind="quote", attachments=attachments)  # fmt: skip
    return int(message.id or 0)


def test_attachments_are_kept_and_bounded(session: Session) -> None:
    number = queue(session, ("a.pdf", "application/pdf", b"%PDF-1"), ("b.txt", "text/plain", b"hi"))
    session.commit()
    rows = session.exec(select(OutboxAttachment).where(OutboxAttachment.message_id == number)).all()
    assert sorted(row.filename for row in rows) == ["a.pdf", "b.txt"]
    for bad in (("x.pdf", "application/pdf", b"x" * (MAX_ATTACHMENT + 1)), ("../x.pdf", "application/pdf", b"x"),
                ("x.pdf", "pdf", b"x"), ("", "application/pdf", b"x")):  # fmt: skip
        with pytest.raises(ValueError, match="attachment"):
            queue(session, bad)
        session.rollback()
    assert forget_messages(session=session, customer_id=None, addresses=["ana@example.com"]) == 1
    session.commit()
    assert session.exec(select(OutboxAttachment)).first() is None


def test_a_file_is_delivered_attached(session: Session, mail: Inbox) -> None:
    queue(session, ("a.pdf", "application/pdf", b"%PDF-1 tiny"))
    session.commit()
    assert deliver_due(session=session) == 1
    [email] = mail.wait_for(1)
    [part] = list(email.iter_attachments())
    assert part.get_filename() == "a.pdf"
    assert part.get_content() == b"%PDF-1 tiny"


def test_a_sent_quote_arrives_with_its_pdf(session: Session, mail: Inbox) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep)
    allow_email(session, quote.customer_id)
    sent = send(session, quote, rep)
    assert deliver_due(session=session) == 2  # the rep's sign-up e-mail, and the quote
    [email] = [email for email in mail.wait_for(2) if email["To"] == "ana@example.com"]
    assert token_in(email.get_body(("plain",)).get_content()) == token_of(sent)  # type: ignore[union-attr]
    [part] = list(email.iter_attachments())
    assert part.get_filename() == f"quote-{quote.root_id}-r1.pdf"
    assert part.get_content_type() == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(part.get_content())).pages)
    assert "Ana Ruiz" in text
