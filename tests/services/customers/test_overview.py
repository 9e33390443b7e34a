"""A customer as a rep sees them (on SQLite and PostgreSQL): timeline, unfinished configurations with
their drafts; an erased customer is not found."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from app.errors import NotFoundError
from app.services.configurator.saved import keep_draft
from app.services.customers.overview import customer_overview
from app.services.customers.privacy import erase_customer
from app.services.customers.timeline import record_interaction
from tests.factories import customer, shipped


def test_the_overview_holds_the_timeline_and_what_was_left_unfinished(session: Session) -> None:
    who = customer(session)
    record_interaction(session=session, customer_id=who, channel="web", kind="configurator", summary="Started",
                       at=datetime(2025, 1, 1, tzinfo=UTC), links={"product": "jeans", "event": "started"})  # fmt: skip
    keep_draft(session=session, catalog=shipped(), product_id="jeans", choices={"fit": "classic"}, customer_id=who)
    found = customer_overview(session=session, customer_id=who)
    assert found.customer.id == who
    assert [e.summary for e in found.events] == ["Started"]
    [(start, draft)] = found.unfinished
    assert start.summary == "Started"
    assert draft is not None
    assert draft.choices == {"fit": "classic"}


def test_an_erased_customer_has_no_overview(session: Session) -> None:
    who = customer(session)
    erase_customer(session=session, customer_id=who)
    with pytest.raises(NotFoundError, match="no customer"):
        customer_overview(session=session, customer_id=who)
