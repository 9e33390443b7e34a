"""Recognising a customer who does not sign in: "it's me" with an e-mail or a loyalty card number.

Knowing someone's e-mail or card proves nothing, so nothing is shown on a guess: Tailor e-mails
a single-use link to the address it holds for that customer, and only the browser that opens
the link stands for them (a server-side session of a few hours, kind "recognised"). The answer
to the request is the same whether or not the identifier is known, so nobody learns who is a
customer, and there is no lock-out to abuse: sends are only bounded per address and per
network address (`email_links`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from sqlmodel import Session, col, select

from app.errors import GoneError, TailorError
from app.models import Customer, Identifier
from app.services.accounts.email_links import consume_token, issue_token, may_send
from app.services.customers.records import Key, normalized, resolve
from app.services.customers.timeline import record_interaction
from app.services.notifications.mails import send_mail

IDENTIFIER_LENGTH = 200


def request_recognition(
    *, session: Session, identifier: str, address: str, locale: str = "en", back: str = "/"
) -> None:
    """E-mail a recognition link to the customer this e-mail or card belongs to (nothing when unknown)."""
    typed = identifier.strip()
    if not typed:
        raise TailorError("identifier: type your e-mail or your loyalty card number")
    if len(typed) > IDENTIFIER_LENGTH:
        raise TailorError("identifier: at most {count} characters", count=IDENTIFIER_LENGTH)
    customer = _holder(session, typed)
    if customer is None:
        return
    email = _email_of(session, customer, typed)
    if email is None or not may_send(session=session, purpose="recognise", email=email, address=address):
        return
    token = issue_token(session=session, purpose="recognise", email=email, address=address, customer_id=customer.id)
    path = f"/recognise/{token}?{urlencode({'next': back})}" if back != "/" else f"/recognise/{token}"
    send_mail(session=session, kind="recognise", to=email, locale=locale, path=path,
              name=customer.given_name or customer.name, customer_id=customer.id)  # fmt: skip
    session.commit()


def confirm_recognition(*, session: Session, token: str) -> Customer:
    """The customer a recognition link was sent for (410 when the link is used, too old or unknown)."""
    opened = consume_token(session=session, purpose="recognise", token=token)
    if opened.customer_id is None:
        session.rollback()
        raise GoneError("this link is not valid any more (it was used, or it is too old): ask for a new one")
    customer = resolve(session=session, customer_id=opened.customer_id)
    if customer.erased_at is not None:
        session.rollback()
        raise GoneError("this link is not valid any more (it was used, or it is too old): ask for a new one")
    record_interaction(session=session, customer_id=int(customer.id or 0), channel="web", kind="recognised",
                       summary="Recognised on the web by a link sent to their e-mail")  # fmt: skip
    return customer


def _holder(session: Session, typed: str) -> Customer | None:
    try:
        key = normalized(Key("email", typed) if "@" in typed else Key("loyalty", typed))
    except TailorError:
        return None
    row = session.exec(
        select(Identifier).where(Identifier.kind == key.kind, Identifier.channel == "", Identifier.value == key.value)
    ).first()
    if row is None:
        return None
    customer = resolve(session=session, customer_id=row.customer_id)
    return None if customer.erased_at is not None else customer


def _email_of(session: Session, customer: Customer, typed: str) -> str | None:
    """Where the link goes: the e-mail typed when the customer holds it, else the first e-mail they hold."""
    emails = session.exec(
        select(Identifier.value)
        .where(Identifier.customer_id == customer.id, Identifier.kind == "email")
        .order_by(col(Identifier.id))
    ).all()
    wanted = typed.strip().lower()
    return wanted if wanted in emails else (emails[0] if emails else None)
