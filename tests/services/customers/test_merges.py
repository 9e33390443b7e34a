"""Merge with survivorship, audit trail and undo (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from app.errors import TailorError
from app.models import Customer, DuplicateCandidate, Identifier, Order
from app.services.configurator.saved import draft_of, keep_draft
from app.services.customers.merges import merge_customers, undo_merge
from app.services.customers.needs import Source, known_needs, record_need
from app.services.customers.orders import place_order
from app.services.customers.records import CustomerUpdate, Key, identify, update_customer
from app.services.customers.timeline import record_interaction, timeline
from tests.factories import customer
from tests.services.customers.test_privacy import CATALOG, JEANS


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
