"""Finding a customer by any identifier, in any spelling, or by a name with typos."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.errors import TailorError
from app.services.customers.records import Key, add_address, add_contact, identify
from app.services.customers.search import search_customers
from app.services.customers.timeline import record_interaction
from tests.factories import customer


def _with(session: Session, name: str, *keys: Key, kind: str = "person") -> int:
    found = identify(session=session, keys=list(keys), source="shop", name=name, kind=kind).customer
    assert found.id is not None
    return found.id


@pytest.mark.parametrize("typed", ["+34 600 12 34 56", "0034600123456", "600-123-456", "600123456"])
def test_a_phone_in_any_format_finds_the_customer(session: Session, typed: str) -> None:
    ana = _with(session, "Ana Ruiz", Key("phone", "+34600123456"))
    _with(session, "Other", Key("phone", "+34611111111"))
    hits = search_customers(session=session, query=typed)
    assert [(hit.customer_id, hit.matched_by) for hit in hits] == [(ana, "phone")]


def test_a_phone_without_country_is_read_in_the_customers_country(session: Session) -> None:
    joao = _with(session, "João Silva", Key("phone", "+351912345678"))
    add_address(session=session, customer_id=joao, street="Rua A 1", city="Lisboa", country="PT")
    assert [hit.customer_id for hit in search_customers(session=session, query="912 345 678")] == [joao]


def test_email_loyalty_card_and_account_number(session: Session) -> None:
    ana = _with(session, "Ana Ruiz", Key("email", "Ana.Ruiz@example.com"), Key("loyalty", "LC-100200"))
    firm = _with(session, "Obras Norte SL", Key("account", "B10000007"), kind="company")
    for typed, expected in ((" ANA.ruiz@Example.com", (ana, "email")), ("lc-100200", (ana, "loyalty")),
                            ("b10000007", (firm, "account"))):  # fmt: skip
        assert [(h.customer_id, h.matched_by) for h in search_customers(session=session, query=typed)] == [expected]


def test_names_forgive_typos_accents_and_word_order(session: Session) -> None:
    jose = customer(session, "jose@example.com", "José María Núñez")
    customer(session, "eva@example.com", "Eva Gómez")
    for typed in ("jose maria nunez", "Nuñez José", "Jose Mraia Nunez", "josé"):
        hits = search_customers(session=session, query=typed)
        assert hits, typed
        assert hits[0].customer_id == jose, typed
        assert hits[0].matched_by == "name"
    assert search_customers(session=session, query="zzzz qqqq") == []


def test_a_company_is_found_and_its_contacts_show_it(session: Session) -> None:
    firm = customer(session, "firm@example.com", "Construcciones Levante", kind="company")
    rui = customer(session, "rui@example.com", "Rui Costa")
    add_contact(session=session, company_id=firm, person_id=rui, role="decides")
    hits = search_customers(session=session, query="construcciones levant")
    assert (hits[0].customer_id, hits[0].matched_by) == (firm, "company")
    assert search_customers(session=session, query="Rui Costa")[0].company == "Construcciones Levante"


def test_hits_say_last_contact_and_open_complaint(session: Session) -> None:
    ana = customer(session)
    record_interaction(session=session, customer_id=ana, channel="call_centre", summary="Late", complaint=True)
    [hit] = search_customers(session=session, query="Ana Ruiz")
    assert hit.open_complaint
    assert hit.last_contact is not None


def test_results_are_bounded_and_queries_too(session: Session) -> None:
    for number in range(8):
        customer(session, f"p{number}@example.com", f"Pedro Sanz {number}")
    assert len(search_customers(session=session, query="pedro sanz", limit=5)) == 5
    with pytest.raises(TailorError):
        search_customers(session=session, query="x" * 201)
    assert search_customers(session=session, query="   ") == []
