"""Recognition without sign-in: a link e-mailed to the address the customer holds, the same answer for
everyone, sends bounded, merges followed, erased customers never recognised, links used once."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from app.errors import TailorError
from app.models import Interaction, OutboxMessage
from app.services.accounts.email_links import PER_EMAIL
from app.services.customers.privacy import erase_customer
from app.services.customers.recognition import confirm_recognition, request_recognition
from app.services.customers.records import Key, identify
from app.web.errors import status_of
from tests.factories import customer

ADDRESS = "192.0.2.1"


def known(session: Session) -> int:
    who = customer(session)
    identify(session=session, keys=[Key("email", "ana@example.com"), Key("loyalty", "lc-100042")], source="shop")
    return who


def token_sent(session: Session) -> str:
    message = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()  # type: ignore[union-attr]
    assert message is not None
    found = re.search(r"/recognise/([A-Za-z0-9_-]+)", message.body_text)
    assert found
    return found.group(1)


@pytest.mark.parametrize("identifier", [" Ana@Example.com ", "LC-100042"])
def test_email_or_loyalty_card_sends_a_link_to_the_customers_email(session: Session, identifier: str) -> None:
    who = known(session)
    request_recognition(session=session, identifier=identifier, address=ADDRESS)
    message = session.exec(select(OutboxMessage)).one()
    assert message.to_address == "ana@example.com"
    assert message.customer_id == who
    assert confirm_recognition(session=session, token=token_sent(session)).id == who
    assert session.exec(select(Interaction).where(Interaction.kind == "recognised")).one().customer_id == who


@pytest.mark.parametrize("identifier", ["nobody@example.com", "lc-999", "not an identifier"])
def test_unknown_identifiers_get_the_same_answer_and_nothing_is_sent(session: Session, identifier: str) -> None:
    known(session)
    request_recognition(session=session, identifier=identifier, address=ADDRESS)
    assert session.exec(select(OutboxMessage)).first() is None


def test_a_link_works_once(session: Session) -> None:
    known(session)
    request_recognition(session=session, identifier="ana@example.com", address=ADDRESS)
    token = token_sent(session)
    confirm_recognition(session=session, token=token)
    with pytest.raises(TailorError) as used:
        confirm_recognition(session=session, token=token)
    assert status_of(used.value) == 410


def test_sends_per_address_are_bounded(session: Session) -> None:
    known(session)
    for _ in range(PER_EMAIL + 3):
        request_recognition(session=session, identifier="ana@example.com", address=ADDRESS)
    assert len(session.exec(select(OutboxMessage)).all()) == PER_EMAIL


def test_erased_customers_are_never_recognised(session: Session) -> None:
    who = known(session)
    request_recognition(session=session, identifier="ana@example.com", address=ADDRESS)
    token = token_sent(session)
    erase_customer(session=session, customer_id=who)
    with pytest.raises(TailorError):
        confirm_recognition(session=session, token=token)
    request_recognition(session=session, identifier="ana@example.com", address=ADDRESS)
    assert session.exec(select(OutboxMessage)).first() is None
