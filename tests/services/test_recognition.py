"""Recognition without sign-in: e-mail or loyalty card plus postcode; one answer for every miss;
guessing stopped after a few failures; merges followed; erased customers never recognised."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.errors import TailorError
from app.models import Interaction
from app.services.customers import Key, add_address, identify
from app.services.privacy import erase_customer
from app.services.recognition import MAX_FAILURES, REFUSED, recognise
from tests.factories import customer

VISITOR = "v" * 24


def known(session: Session) -> int:
    who = customer(session)
    identify(session=session, keys=[Key("email", "ana@example.com"), Key("loyalty", "lc-100042")], source="shop")
    add_address(session=session, customer_id=who, street="Calle Mayor 1", city="Madrid", postcode="28013")
    return who


def test_email_or_loyalty_card_with_the_postcode_recognises(session: Session) -> None:
    who = known(session)
    assert recognise(session=session, visitor=VISITOR, identifier=" Ana@Example.com ", postcode="28013").id == who
    assert recognise(session=session, visitor=VISITOR, identifier="LC-100042", postcode=" 28 013").id == who
    events = session.exec(select(Interaction).where(Interaction.kind == "recognised")).all()
    assert len(events) == 2
    assert events[0].customer_id == who


@pytest.mark.parametrize(
    ("identifier", "postcode"),
    [("ana@example.com", "08001"), ("nobody@example.com", "28013"), ("", "28013"), ("ana@example.com", "")],
)
def test_every_miss_gets_the_same_answer(session: Session, identifier: str, postcode: str) -> None:
    known(session)
    with pytest.raises(TailorError) as refused:
        recognise(session=session, visitor=VISITOR, identifier=identifier, postcode=postcode)
    assert refused.value.status_code == 401
    assert refused.value.message == REFUSED


def test_guessing_the_postcode_is_stopped(session: Session) -> None:
    known(session)
    for guess in range(MAX_FAILURES):
        with pytest.raises(TailorError):
            recognise(session=session, visitor=f"{guess:024d}", identifier="ana@example.com", postcode=f"{guess:05d}")
    with pytest.raises(TailorError) as waiting:  # even the right postcode, from a new browser, must wait
        recognise(session=session, visitor="w" * 24, identifier="ana@example.com", postcode="28013")
    assert waiting.value.status_code == 429


def test_erased_customers_are_not_recognised(session: Session) -> None:
    who = known(session)
    erase_customer(session=session, customer_id=who)
    with pytest.raises(TailorError):
        recognise(session=session, visitor=VISITOR, identifier="LC-100042", postcode="28013")
