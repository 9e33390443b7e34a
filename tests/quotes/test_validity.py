"""Statuses and validity: every pair of statuses allowed or refused as the table says."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from app.errors import ConflictError
from app.quotes.errors import ForbiddenTransitionError
from app.quotes.validity import (
    FINAL,
    TRANSITIONS,
    Status,
    after_change,
    default_valid_until,
    is_expired,
    may_accept,
    move,
)

ALLOWED = {
    ("draft", "pending_approval"),
    ("draft", "sent"),
    ("draft", "expired"),
    ("pending_approval", "approved"),
    ("pending_approval", "draft"),
    ("pending_approval", "expired"),
    ("approved", "sent"),
    ("approved", "draft"),
    ("approved", "pending_approval"),
    ("approved", "expired"),
    ("sent", "accepted"),
    ("sent", "rejected"),
    ("sent", "expired"),
}


@pytest.mark.parametrize(("current", "target"), list(product(Status, Status)))
def test_every_transition(current: Status, target: Status) -> None:
    if (current.value, target.value) in ALLOWED:
        assert move(current, target) is target
    else:
        with pytest.raises(ForbiddenTransitionError) as raised:
            move(current, target)
        assert raised.value.values == {"current": current.value, "target": target.value}


def test_the_table_is_the_documented_one() -> None:
    assert {(a.value, b.value) for a, targets in TRANSITIONS.items() for b in targets} == ALLOWED
    assert {Status.ACCEPTED, Status.REJECTED, Status.EXPIRED} == FINAL


@pytest.mark.parametrize(
    ("current", "needs", "after"),
    [
        (Status.DRAFT, True, Status.DRAFT),
        (Status.DRAFT, False, Status.DRAFT),
        (Status.PENDING_APPROVAL, True, Status.PENDING_APPROVAL),
        (Status.PENDING_APPROVAL, False, Status.DRAFT),
        (Status.APPROVED, True, Status.PENDING_APPROVAL),
        (Status.APPROVED, False, Status.DRAFT),
    ],
)
def test_a_change_after_approval_asks_again(current: Status, needs: bool, after: Status) -> None:
    assert after_change(current, needs_approval=needs) is after


@pytest.mark.parametrize("current", [Status.SENT, Status.ACCEPTED, Status.REJECTED, Status.EXPIRED])
def test_sent_and_final_quotes_change_by_a_new_revision(current: Status) -> None:
    with pytest.raises(ConflictError):
        after_change(current, needs_approval=False)


def test_validity_includes_its_last_day() -> None:
    until = default_valid_until(date(2026, 5, 1))
    assert until == date(2026, 5, 31)
    assert not is_expired(until, date(2026, 5, 31))
    assert is_expired(until, date(2026, 6, 1))
    assert may_accept(Status.SENT, until, date(2026, 5, 31))
    assert not may_accept(Status.SENT, until, date(2026, 6, 1))
    assert not may_accept(Status.APPROVED, until, date(2026, 5, 2))
