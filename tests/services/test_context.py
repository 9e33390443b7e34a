"""The customer context: one function decides it for every step (tier, segment with consent, region,
channel, date); a catalog sees only the keys and values it declares."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from app.models import Customer
from app.services.context import customer_context, within
from app.services.customers.needs import Source, record_need
from app.services.customers.records import add_address
from tests.factories import customer, personalisation, shop_catalog


def test_a_visitor_has_only_the_channel_and_the_date(session: Session) -> None:
    context = customer_context(session=session, customer=None, channel="shop", on=date(2026, 1, 2))
    assert (context.values, context.on) == ({"channel": "shop"}, date(2026, 1, 2))
    with pytest.raises(ValueError, match="unknown channel"):
        customer_context(session=session, customer=None, channel="fax")


def test_a_customer_brings_tier_region_and_with_consent_segment(session: Session) -> None:
    who = customer(session)
    found = session.get(Customer, who)
    assert found is not None
    found.tier = "retain"
    session.commit()
    add_address(session=session, customer_id=who, street="Rua Augusta 1", city="Lisboa", country="PT")
    record_need(session=session, customer_id=who, kind="use", key="segment", value="student", source=Source("shop"))
    without = customer_context(session=session, customer=found)
    assert without.values == {"channel": "web", "tier": "retain", "region": "pt"}
    personalisation(session, who, words="Use what I tell you")
    assert customer_context(session=session, customer=found).values["segment"] == "student"


def test_a_catalog_sees_what_it_declares() -> None:
    catalog = shop_catalog()
    from app.catalog.configuration import Context

    context = Context(values={"tier": "retain", "region": "pt", "channel": "web"}, on=date(2026, 1, 2))
    assert within(catalog, context).values == {"tier": "retain"}
    odd = Context(values={"tier": "platinum"}, on=date(2026, 1, 2))
    assert within(catalog, odd).values == {}, "an undeclared value reads as not given"
