"""Account e-mails: queued in the outbox in the reader's language, links on the public address."""

from __future__ import annotations

from sqlmodel import Session, select

from app.config import get_settings
from app.models import OutboxMessage
from app.services.notifications.mails import MAILS, link_to, send_mail


def test_a_link_starts_with_the_public_address() -> None:
    assert link_to("/signup/confirm/abc") == get_settings().public_url.rstrip("/") + "/signup/confirm/abc"


def test_each_mail_is_queued_in_its_language(session: Session) -> None:
    for kind in MAILS:
        send_mail(session=session, kind=kind, to="ana@example.com", locale="es", path="/x", name="Ana")
    session.commit()
    queued = session.exec(select(OutboxMessage)).all()
    assert sorted(m.kind for m in queued) == sorted(MAILS)
    assert all(m.locale == "es" and m.to_address == "ana@example.com" for m in queued)
    assert all(link_to("/x") in m.body_text for m in queued)
