"""The configurator session on the timeline (on SQLite and PostgreSQL): events deduplicated per day,
kept with their values and said in the reader's language; abandoned starts read off the timeline."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from app.i18n import say
from app.models import Customer, Interaction
from app.services.configurator.progress import abandoned, note, told
from app.services.customers.timeline import record_interaction, timeline
from tests.factories import customer

LATER = datetime(2999, 1, 1, tzinfo=UTC)


def test_events_are_noted_once_a_day_and_said_in_any_language(session: Session) -> None:
    who = customer(session)
    ana = session.get(Customer, who)
    assert ana is not None
    assert note(session=session, customer=ana, product_id="jeans", event="started", values={"product": "Jeans"})
    assert not note(session=session, customer=ana, product_id="jeans", event="started", values={"product": "Jeans"})
    [event] = timeline(session=session, customer_id=who)
    assert event.summary == "Started configuring Jeans"
    template, values = told(event)
    assert say("es", template, **values) == "Empezó a configurar Jeans"
    assert abandoned(session=session, customer_id=who, before=LATER) == [event]
    note(session=session, customer=ana, product_id="jeans", event="ordered", values={"order": "7"})
    assert abandoned(session=session, customer_id=who, before=LATER) == []


def test_an_event_written_before_values_were_kept_says_its_summary(session: Session) -> None:
    who = customer(session)
    links = {"product": "jeans", "event": "started"}
    old = record_interaction(session=session, customer_id=who, channel="web", kind="configurator",
                             summary="Started configuring Custom jeans", links=links)  # fmt: skip
    assert told(old) == ("Started configuring Custom jeans", {})
    assert told(Interaction(customer_id=who, channel="shop", summary="Fitting")) == ("Fitting", {})
