"""The 360: a customer's contacts with roles, value and tier history, needs, consents, filtered timeline, orders."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from app.services.customers.complaints import log_contact
from app.services.customers.consent import record_consent
from app.services.customers.needs import Source, record_need
from app.services.customers.orders import Line, place_order
from app.services.customers.profile import customer_profile
from app.services.customers.records import add_contact
from app.services.customers.timeline import record_interaction
from app.services.customers.value import as_of_date, recompute
from tests.factories import customer


def test_a_company_shows_its_contacts_with_their_buying_roles(session: Session) -> None:
    firm = customer(session, "firm@example.com", "Obras Norte", kind="company")
    rui = customer(session, "rui@example.com", "Rui Costa")
    add_contact(session=session, company_id=firm, person_id=rui, role="decides", title="CFO")
    [link] = customer_profile(session=session, customer_id=firm).related
    assert (link.customer.name, link.role, link.title) == ("Rui Costa", "decides", "CFO")
    assert customer_profile(session=session, customer_id=rui).related[0].customer.name == "Obras Norte"


def test_value_history_needs_consents_orders_and_filters(session: Session) -> None:
    ana = customer(session)
    place_order(session=session, customer_id=ana, lines=[Line("jeans", "1", "jeans", 5000, 2000, quantity=2)])
    for day in (1, 2):
        recompute(session=session, as_of=as_of_date(datetime(2030, 1, day, tzinfo=UTC).date()))
    record_need(session=session, customer_id=ana, kind="measurement", key="waist", value=32,
                source=Source("shop", recorded_by="eva"))  # fmt: skip
    record_consent(session=session, customer_id=ana, channel="email", purpose="marketing", granted=True,
                   where="signup", text_shown="Yes")  # fmt: skip
    log_contact(session=session, customer_id=ana, what="call", summary="Hi", cost_minor=300, by="rui")
    record_interaction(session=session, customer_id=ana, channel="shop", summary="Visited")
    seen = customer_profile(session=session, customer_id=ana)
    assert len(seen.value.history) == 2
    assert seen.value.lifetime_margin_minor == 6000
    assert seen.value.cost_to_serve_minor == 300
    assert [need.key for need in seen.needs] == ["waist"]
    assert seen.consents[("email", "marketing")].granted
    assert [units for _, units in seen.orders] == [2]
    assert {"phone", "shop"} <= set(seen.channels)
    only_calls = customer_profile(session=session, customer_id=ana, channel="phone")
    assert [event.summary for event in only_calls.events] == ["Hi"]
    assert [e.summary for e in customer_profile(session=session, customer_id=ana, kind="call").events] == ["Hi"]
