"""Builders for the sending tests: a quote ready to send, consent to e-mail, the link token out of the e-mail."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from app.models import Account, OutboxMessage, Quote
from app.services.customers.consent import record_consent
from app.services.quotes.sending import CONSENT_CHANNEL, CONSENT_PURPOSE, Sent, send_quote
from app.services.quotes.store import quote_of

BASE = "https://tailor.example"


def allow_email(session: Session, customer_id: int) -> None:
    record_consent(session=session, customer_id=customer_id, channel=CONSENT_CHANNEL, purpose=CONSENT_PURPOSE,
                   granted=True, where="test", text_shown="You may e-mail me offers")  # fmt: skip


def send(session: Session, quote: Quote, rep: Account) -> Sent:
    fresh = quote_of(session=session, quote_id=int(quote.id or 0))
    return send_quote(session=session, quote_id=int(fresh.id or 0), version=fresh.version, actor=rep, base_url=BASE)


def token_of(sent: Sent) -> str:
    return sent.link.rsplit("/", 1)[1]


def last_message(session: Session) -> OutboxMessage | None:
    return session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id).desc())).first()


def token_in(text: str) -> str:
    found = re.search(r"/quotes/([A-Za-z0-9_-]{40,})", text)
    assert found
    return found.group(1)
