"""Logged contacts feed the timeline and the cost to serve; complaints have an owner and a lifecycle."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.errors import ConflictError, NotFoundError, TailorError
from app.models import TierRecord
from app.services.customers.complaints import close_complaint, complaints, cost_to_serve, log_contact, treatment
from app.services.customers.timeline import timeline
from app.services.customers.value import recompute, tier_history
from tests.factories import customer


def test_a_logged_call_lands_on_the_timeline_and_raises_the_cost_to_serve(session: Session) -> None:
    ana = customer(session)
    assert cost_to_serve(session=session, customer_id=ana) == 0
    call = log_contact(session=session, customer_id=ana, what="call", summary="Asked about hems", cost_minor=450,
                       by="rui@tailor.example")  # fmt: skip
    assert (call.channel, call.kind, call.who) == ("phone", "call", "rui@tailor.example")
    assert timeline(session=session, customer_id=ana)[0].summary == "Asked about hems"
    assert cost_to_serve(session=session, customer_id=ana) == 450
    recompute(session=session)
    newest: TierRecord = tier_history(session=session, customer_id=ana)[0]
    assert newest.cost_to_serve_minor == 450


def test_a_complaint_is_owned_resolved_and_scored(session: Session) -> None:
    ana = customer(session)
    made = log_contact(session=session, customer_id=ana, what="visit", summary="Zip broke", cost_minor=0,
                       by="rui@tailor.example", complaint=True, owner="eva@tailor.example")  # fmt: skip
    assert made.complaint
    assert made.who == "eva@tailor.example"
    assert treatment(session=session, customer_id=ana).open_complaints == 1
    assert made.id is not None
    closed = close_complaint(session=session, interaction_id=made.id, customer_id=ana, resolution="New zip sent",
                             satisfaction=2)  # fmt: skip
    assert closed.resolved_at is not None
    assert treatment(session=session, customer_id=ana).open_complaints == 0
    assert treatment(session=session, customer_id=ana).at_risk
    assert complaints(session=session, customer_id=ana)[0].resolution == "New zip sent"
    with pytest.raises(ConflictError):
        close_complaint(session=session, interaction_id=made.id, customer_id=ana, resolution="x", satisfaction=None)


def test_a_complaint_of_another_customer_is_not_found(session: Session) -> None:
    ana, eva = customer(session), customer(session, "eva@example.com", "Eva")
    made = log_contact(session=session, customer_id=ana, what="call", summary="Late", cost_minor=0, by="r",
                       complaint=True)  # fmt: skip
    assert made.id is not None
    with pytest.raises(NotFoundError):
        close_complaint(session=session, interaction_id=made.id, customer_id=eva, resolution="x", satisfaction=3)


@pytest.mark.parametrize(
    ("what", "summary", "cost"), [("fax", "x", 0), ("call", " ", 0), ("call", "x", -1), ("call", "x" * 2001, 0)]
)
def test_bad_contacts_are_refused(session: Session, what: str, summary: str, cost: int) -> None:
    ana = customer(session)
    with pytest.raises(TailorError):
        log_contact(session=session, customer_id=ana, what=what, summary=summary, cost_minor=cost, by="r")


def test_a_satisfaction_outside_1_to_5_is_refused(session: Session) -> None:
    ana = customer(session)
    made = log_contact(session=session, customer_id=ana, what="chat", summary="x", cost_minor=0, by="r",
                       complaint=True)  # fmt: skip
    assert made.id is not None
    with pytest.raises(TailorError):
        close_complaint(session=session, interaction_id=made.id, customer_id=ana, resolution="ok", satisfaction=6)
