"""One-to-one (on SQLite and PostgreSQL): the needs profile fills choices only with consent to
personalisation, and measurements chosen on the page are remembered as stated."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from app.models import Customer
from app.services.configurator.personalisation import known_choices, personalised, remember_stated
from app.services.customers.needs import known_needs
from tests.factories import customer, measured, personalisation, shipped

PRODUCT = shipped().product("jeans")


def test_the_profile_fills_choices_only_with_consent(session: Session) -> None:
    who = customer(session)
    found = session.get(Customer, who)
    assert found is not None
    measured(session, who, "waist", 34)
    assert not personalised(session=session, customer=found)
    assert known_choices(session=session, customer=found, product=PRODUCT) == {}
    personalisation(session, who)
    known = known_choices(session=session, customer=found, product=PRODUCT)
    assert known["waist"].choice == Decimal(34)
    assert "Madrid" in known["waist"].wording[1]


def test_measurements_chosen_are_remembered_once(session: Session) -> None:
    who = customer(session)
    found = session.get(Customer, who)
    assert found is not None
    assert remember_stated(session=session, customer=found, product=PRODUCT, choices={"waist": Decimal(33)}) == 0
    personalisation(session, who)
    assert remember_stated(session=session, customer=found, product=PRODUCT, choices={"waist": Decimal(33)}) == 1
    assert remember_stated(session=session, customer=found, product=PRODUCT, choices={"waist": Decimal(33)}) == 0
    assert known_needs(session=session, customer_id=who)["waist"].value == 33
