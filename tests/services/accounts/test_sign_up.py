"""Sign-up (on SQLite and PostgreSQL): finished only from the e-mailed link, joined to the customer
who holds the address, consents kept with their words; signing up again changes nothing."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import Account, OutboxMessage
from app.services.accounts.passwords import sign_in
from app.services.accounts.sign_up import request_sign_up
from app.services.customers.consent import allowed
from tests.factories import account, customer

GOOD = "a long enough secret"


def test_an_account_exists_only_once_the_link_is_opened(session: Session) -> None:
    request_sign_up(session=session, name="Ada", email="ada@example.com", password=GOOD, consents=set(), address="a")
    assert session.exec(select(Account)).first() is None
    made = account(session, "bo@example.com")
    assert made.email == "bo@example.com"


def test_signing_up_again_mails_the_owner_and_changes_nothing(session: Session) -> None:
    first = account(session, "ada@example.com")
    request_sign_up(session=session, name="Eve", email="ADA@example.com", password="another secret phrase",
                    consents=set(), address="b")  # fmt: skip
    kinds = [m.kind for m in session.exec(select(OutboxMessage).where(OutboxMessage.to_address == "ada@example.com"))]
    assert kinds == ["signup", "signup_exists"]
    session.refresh(first)
    assert sign_in(session=session, email="ada@example.com", password=GOOD, address="c").id == first.id


def test_the_account_joins_the_known_customer_with_the_consents_ticked(session: Session) -> None:
    known = customer(session, "ada@example.com", "Ada Lovelace")
    made = account(session, "ada@example.com", consents=frozenset({"marketing"}))
    assert made.customer_id == known
    assert allowed(session=session, customer_id=known, channel="email", purpose="marketing")
