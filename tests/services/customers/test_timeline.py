"""The timeline: interactions on every channel newest first; complaints with satisfaction and resolution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from app.errors import TailorError
from app.services.customers.timeline import record_interaction, resolve_complaint, timeline
from tests.factories import customer

DAY = datetime(2026, 5, 3, 10, 0, tzinfo=UTC)


def test_timeline_is_newest_first_across_channels(session: Session) -> None:
    ana = customer(session)
    for offset, channel in enumerate(["web", "call_centre", "shop", "field_visit", "email"]):
        record_interaction(
            session=session,
            customer_id=ana,
            channel=channel,
            summary=channel,
            at=DAY + timedelta(hours=offset),
            links={"configuration": f"cfg-{offset}"},
        )
    found = timeline(session=session, customer_id=ana)
    assert [i.channel for i in found] == ["email", "field_visit", "shop", "call_centre", "web"]
    assert found[0].links == {"configuration": "cfg-4"}
    assert found[0].occurred_at == DAY + timedelta(hours=4)


def test_complaints_are_resolved_with_satisfaction(session: Session) -> None:
    ana = customer(session)
    complaint = record_interaction(
        session=session,
        customer_id=ana,
        channel="call_centre",
        summary="Hem came undone",
        complaint=True,
        cost_minor=350,
    )
    assert complaint.kind == "complaint"
    assert complaint.id is not None
    done = resolve_complaint(session=session, interaction_id=complaint.id, resolution="Re-hemmed free", satisfaction=4)
    assert (done.resolution, done.satisfaction) == ("Re-hemmed free", 4)
    assert done.resolved_at is not None
    with pytest.raises(TailorError, match="1 to 5"):
        resolve_complaint(session=session, interaction_id=complaint.id, resolution="x", satisfaction=6)
    plain = record_interaction(session=session, customer_id=ana, channel="web", summary="visit")
    assert plain.id is not None
    with pytest.raises(TailorError, match="not a complaint"):
        resolve_complaint(session=session, interaction_id=plain.id, resolution="x")
    with pytest.raises(TailorError, match="unknown channel"):
        record_interaction(session=session, customer_id=ana, channel="pigeon", summary="x")
