"""Find-or-create by identifier across channels, version checks, contacts (on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.errors import TailorError
from app.models import Customer, DuplicateCandidate, Identifier
from app.services.customers.records import CustomerUpdate, Key, add_address, add_contact, identify, update_customer
from app.web.errors import status_of


def test_a_returning_customer_is_recognised_on_another_channel(session: Session) -> None:
    first = identify(session=session, keys=[Key("email", " Ana.Ruiz@Example.com ")], source="web", name="Ana Ruiz")
    assert first.created
    again = identify(
        session=session, keys=[Key("email", "ana.ruiz@example.COM"), Key("phone", "612 34 56 78")], source="call_centre"
    )
    assert not again.created
    assert again.customer.id == first.customer.id
    assert [(i.kind, i.value) for i in again.added] == [("phone", "+34612345678")]
    by_phone = identify(session=session, keys=[Key("phone", "+34 612-345-678")], source="shop")
    assert by_phone.customer.id == first.customer.id
    assert not by_phone.added
    rows = session.exec(select(Identifier)).all()
    assert sorted((r.kind, r.value, r.source) for r in rows) == [
        ("email", "ana.ruiz@example.com", "web"),
        ("phone", "+34612345678", "call_centre"),
    ]


def test_identifiers_of_two_customers_queue_the_pair_for_review(session: Session) -> None:
    ana = identify(session=session, keys=[Key("email", "ana@example.com")], source="web").customer
    card = identify(session=session, keys=[Key("loyalty", "lc-77")], source="shop").customer
    both = identify(session=session, keys=[Key("loyalty", "LC-77"), Key("email", "ana@example.com")], source="shop")
    assert both.customer.id == ana.id
    assert both.duplicates == [card.id]
    pair = session.exec(select(DuplicateCandidate)).one()
    assert (pair.left_id, pair.right_id, pair.status) == (ana.id, card.id, "pending")
    assert len(session.exec(select(Customer)).all()) == 2


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (Key("email", "ana.example.com"), "no @"),
        (Key("phone", "12"), "phone"),
        (Key("fax", "1"), "unknown identifier kind 'fax'"),
        (Key("channel", "u123"), "needs the channel"),
    ],
)
def test_bad_identifiers_are_refused_with_the_reason(session: Session, key: Key, message: str) -> None:
    with pytest.raises(TailorError, match=message):
        identify(session=session, keys=[key], source="web")
    assert session.exec(select(Customer)).all() == []


def test_a_stale_update_is_refused_with_409_and_loses_nothing(db: Engine) -> None:
    with Session(db) as setup:
        customer = identify(session=setup, keys=[Key("email", "bo@example.com")], source="web", name="Bo").customer
        customer_id = customer.id
    assert customer_id is not None
    with Session(db) as rep, Session(db) as shop:
        update_customer(session=rep, customer_id=customer_id, change=CustomerUpdate(version=1, name="Bo Lind"))
        with pytest.raises(TailorError) as refused:
            update_customer(session=shop, customer_id=customer_id, change=CustomerUpdate(version=1, name="B. Lind"))
        assert status_of(refused.value) == 409
        assert "version 2" in refused.value.message
    with Session(db) as check:
        stored = check.get(Customer, customer_id)
        assert stored is not None
        assert (stored.name, stored.version) == ("Bo Lind", 2)


def test_concurrent_writers_from_the_same_version_cannot_both_win(db: Engine) -> None:
    with Session(db) as setup:
        customer_id = identify(session=setup, keys=[Key("email", "cy@example.com")], source="web").customer.id
    assert customer_id is not None
    with Session(db) as one, Session(db) as two:
        first, second = one.get(Customer, customer_id), two.get(Customer, customer_id)
        assert first is not None
        assert second is not None
        first.name, second.name = "One", "Two"
        one.commit()
        with pytest.raises(Exception, match="expected to update 1 row"):
            two.commit()


def test_contacts_have_buying_roles_and_companies_addresses(session: Session) -> None:
    firm = identify(session=session, keys=[Key("account", "acme-1")], source="field_visit", name="Acme", kind="company")
    buyer = identify(session=session, keys=[Key("email", "dee@acme.example")], source="email", name="Dee").customer
    assert firm.customer.id is not None
    assert buyer.id is not None
    contact = add_contact(session=session, company_id=firm.customer.id, person_id=buyer.id, role="decides")
    assert contact.role == "decides"
    with pytest.raises(TailorError, match="already a contact"):
        add_contact(session=session, company_id=firm.customer.id, person_id=buyer.id, role="uses")
    with pytest.raises(TailorError, match="unknown buying role"):
        add_contact(session=session, company_id=firm.customer.id, person_id=buyer.id, role="pays")
    with pytest.raises(TailorError, match="not a company"):
        add_contact(session=session, company_id=buyer.id, person_id=buyer.id, role="uses")
    address = add_address(session=session, customer_id=firm.customer.id, street="Gran Via 1", city="Madrid")
    assert address.customer_id == firm.customer.id
    with pytest.raises(TailorError) as missing:
        add_address(session=session, customer_id=999_999, street="x", city="y")
    assert status_of(missing.value) == 404
