"""Known needs in one call: the newest stated value wins over older ones and over inferred ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from app.errors import TailorError
from app.services.customers.needs import Source, known_needs, record_need
from app.services.customers.timeline import record_interaction
from tests.factories import customer

DAY = datetime(2026, 5, 3, 10, 0, tzinfo=UTC)


def test_newest_stated_wins_and_inferred_fills_the_gaps(session: Session) -> None:
    ana = customer(session)
    visit = record_interaction(
        session=session, customer_id=ana, channel="shop", summary="Measured for jeans", place="Madrid", at=DAY
    )
    shop = Source("shop", interaction_id=visit.id, recorded_by="Lucía", place="Madrid")
    record_need(
        session=session, customer_id=ana, kind="measurement", key="waist_in", value=32, unit="in", source=shop, at=DAY
    )
    record_need(
        session=session,
        customer_id=ana,
        kind="measurement",
        key="waist_in",
        value=31,
        unit="in",
        source=Source("web"),
        stated=False,
        confidence=0.9,
        at=DAY + timedelta(days=40),
    )
    record_need(
        session=session,
        customer_id=ana,
        kind="measurement",
        key="inseam_in",
        value=30,
        unit="in",
        source=Source("web"),
        stated=False,
        confidence=0.6,
        at=DAY,
    )
    record_need(
        session=session,
        customer_id=ana,
        kind="measurement",
        key="inseam_in",
        value=31,
        unit="in",
        source=Source("web"),
        stated=False,
        confidence=0.8,
        at=DAY - timedelta(days=3),
    )
    record_need(
        session=session, customer_id=ana, kind="budget", key="budget_eur", value=120, source=Source("email"), at=DAY
    )
    record_need(
        session=session,
        customer_id=ana,
        kind="budget",
        key="budget_eur",
        value=150,
        source=Source("web"),
        at=DAY + timedelta(days=1),
    )
    known = known_needs(session=session, customer_id=ana)
    assert list(known) == ["budget_eur", "inseam_in", "waist_in"]
    assert (known["waist_in"].value, known["waist_in"].place, known["waist_in"].stated) == (32, "Madrid", True)
    assert known["waist_in"].interaction_id == visit.id
    assert known["inseam_in"].value == 31
    assert known["budget_eur"].value == 150


def test_bad_needs_are_refused(session: Session) -> None:
    ana = customer(session)
    other = customer(session, "bo@example.com", "Bo")
    with pytest.raises(TailorError, match="unknown need kind"):
        record_need(session=session, customer_id=ana, kind="mood", key="x", value=1, source=Source("web"))
    with pytest.raises(TailorError, match="confidence"):
        record_need(
            session=session,
            customer_id=ana,
            kind="use",
            key="x",
            value=1,
            source=Source("web"),
            stated=False,
            confidence=1.5,
        )
    visit = record_interaction(session=session, customer_id=other, channel="web", summary="visit")
    with pytest.raises(TailorError, match="not one of customer"):
        record_need(
            session=session,
            customer_id=ana,
            kind="use",
            key="x",
            value=1,
            source=Source("web", interaction_id=visit.id),
        )
