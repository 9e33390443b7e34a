"""Export and erasure: everything held on a customer, and what erasure keeps (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session

from app.errors import TailorError
from app.services.configurator.saved import keep_draft
from app.services.customers.consent import allowed, record_consent
from app.services.customers.needs import Source, record_need
from app.services.customers.orders import Line, place_order
from app.services.customers.privacy import erase_customer, export_customer
from app.services.customers.records import Key, add_address, identify
from app.services.customers.timeline import record_interaction
from app.web.errors import status_of
from tests.factories import customer, shipped

CATALOG = shipped()
JEANS = Line("shop", "1", "jeans", price_minor=9_900, cost_minor=4_000, choices={"waist": 32, "cut": "boot"})


def rich_customer(session: Session) -> int:
    ana = customer(session)
    add_address(session=session, customer_id=ana, street="Calle Mayor 5", city="Madrid", postcode="28013")
    record_need(session=session, customer_id=ana, kind="measurement", key="waist_in", value=32, source=Source("shop"))
    record_consent(
        session=session,
        customer_id=ana,
        channel="email",
        purpose="marketing",
        granted=True,
        where="web",
        text_shown="Offers by e-mail",
    )
    record_interaction(
        session=session, customer_id=ana, channel="call_centre", summary="Asked about hems", who="Rep 7", cost_minor=250
    )
    place_order(session=session, customer_id=ana, lines=[JEANS])
    keep_draft(session=session, catalog=CATALOG, product_id="jeans", choices={"waist": 33}, customer_id=ana)
    return ana


def test_export_holds_everything_and_is_json(session: Session) -> None:
    ana = rich_customer(session)
    data = export_customer(session=session, customer_id=ana)
    assert json.loads(json.dumps(data)) == data
    assert data["identifiers"][0]["value"] == "ana@example.com"
    assert data["addresses"][0]["city"] == "Madrid"
    assert data["orders"][0]["lines"][0]["choices"] == {"waist": 32, "cut": "boot"}
    assert data["needs"][0]["key"] == "waist_in"
    assert data["consents"][0]["text_shown"] == "Offers by e-mail"
    assert data["interactions"][0]["summary"] == "Asked about hems"
    assert data["saved_configurations"][0]["choices"] == {"waist": 33}


def test_erasure_anonymises_but_keeps_order_totals(session: Session) -> None:
    ana = rich_customer(session)
    erase_customer(session=session, customer_id=ana)
    data = export_customer(session=session, customer_id=ana)
    assert data["customer"]["name"] == f"erased customer {ana}"
    assert data["customer"]["erased_at"] is not None
    assert data["identifiers"] == data["addresses"] == data["needs"] == data["consents"] == []
    assert data["saved_configurations"] == []  # drafts hold measurements too
    assert data["orders"][0]["total_minor"] == 9_900
    assert data["orders"][0]["lines"][0]["choices"] == {}
    assert data["interactions"][0]["summary"] == "erased"
    assert data["interactions"][0]["cost_minor"] == 250
    assert not allowed(session=session, customer_id=ana, channel="email", purpose="marketing")
    again = identify(session=session, keys=[Key("email", "ana@example.com")], source="web")
    assert again.created
    with pytest.raises(TailorError) as twice:
        erase_customer(session=session, customer_id=ana)
    assert status_of(twice.value) == 409
