"""Export and erasure; merge with survivorship, audit trail and undo (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import Session, select

from app.errors import TailorError
from app.models import Customer, DuplicateCandidate, Identifier, Order
from app.services.catalogs.shelf import load_shelf
from app.services.configurator.saved import draft_of, keep_draft
from app.services.customers.consent import allowed, record_consent
from app.services.customers.merges import merge_customers, undo_merge
from app.services.customers.needs import Source, known_needs, record_need
from app.services.customers.orders import Line, place_order
from app.services.customers.privacy import erase_customer, export_customer
from app.services.customers.records import CustomerUpdate, Key, add_address, identify, update_customer
from app.services.customers.timeline import record_interaction, timeline
from app.web.errors import status_of
from tests.conftest import CATALOG_DIR
from tests.factories import customer

CATALOG = next(c for c in load_shelf(CATALOG_DIR).catalogs if c.id == "jeans")
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


def test_merge_moves_everything_fills_gaps_and_undo_restores(session: Session) -> None:
    web = customer(session, "ana@example.com", "Ana Ruiz")
    shop = rich_customer_at(session, "ana.r@example.com")
    update_customer(
        session=session,
        customer_id=shop,
        change=CustomerUpdate(version=1, date_of_birth=date(1990, 4, 2), given_name="Ana"),
    )
    identify(session=session, keys=[Key("email", "ana@example.com"), Key("email", "ana.r@example.com")], source="shop")
    assert session.exec(select(DuplicateCandidate)).one().status == "pending"
    record = merge_customers(session=session, survivor_id=web, merged_id=shop, by="rep 7")
    survivor = session.get(Customer, web)
    assert survivor is not None
    assert (survivor.date_of_birth, survivor.given_name, survivor.name) == (date(1990, 4, 2), "Ana", "Ana Ruiz")
    owners = {i.value: i.customer_id for i in session.exec(select(Identifier)).all()}
    assert owners == {"ana@example.com": web, "ana.r@example.com": web}
    assert {o.customer_id for o in session.exec(select(Order)).all()} == {web}
    assert draft_of(session=session, customer_id=web, product_id="jeans") is not None
    assert len(timeline(session=session, customer_id=shop)) == 1  # the old id resolves to the survivor
    assert known_needs(session=session, customer_id=web)["waist_in"].value == 32
    assert identify(session=session, keys=[Key("email", "ana.r@example.com")], source="web").customer.id == web
    assert session.exec(select(DuplicateCandidate)).one().status == "merged"
    with pytest.raises(TailorError, match="already merged"):
        merge_customers(session=session, survivor_id=web, merged_id=shop, by="rep 7")
    assert record.id is not None
    undo_merge(session=session, merge_id=record.id, by="rep 8")
    session.expire_all()
    owners = {i.value: i.customer_id for i in session.exec(select(Identifier)).all()}
    assert owners == {"ana@example.com": web, "ana.r@example.com": shop}
    assert {o.customer_id for o in session.exec(select(Order)).all()} == {shop}
    assert draft_of(session=session, customer_id=web, product_id="jeans") is None
    restored = session.get(Customer, web)
    assert restored is not None
    assert (restored.date_of_birth, restored.given_name, restored.merged_into_id) == (None, None, None)
    assert session.exec(select(DuplicateCandidate)).one().status == "pending"
    with pytest.raises(TailorError, match="already undone"):
        undo_merge(session=session, merge_id=record.id, by="rep 8")


def rich_customer_at(session: Session, email: str) -> int:
    who = customer(session, email, "A. Ruiz")
    record_need(session=session, customer_id=who, kind="measurement", key="waist_in", value=32, source=Source("shop"))
    record_interaction(session=session, customer_id=who, channel="shop", summary="Fitting")
    place_order(session=session, customer_id=who, lines=[JEANS])
    keep_draft(session=session, catalog=CATALOG, product_id="jeans", choices={"waist": 33}, customer_id=who)
    return who
