"""A quote's validity and its statuses, with the allowed transitions as data.

Statuses: draft → pending_approval → approved → sent → accepted | rejected | expired.
- A draft within the rep's authority may be sent directly; otherwise it goes to a manager.
- A manager approves (pending_approval → approved) or sends it back (pending_approval → draft).
- A change to a quote waiting for or holding an approval asks again (`after_change`): it goes back
  to pending_approval when it still needs approval, else to draft.
- A sent quote is not changed: a change makes a new revision (a new draft); the customer accepts
  or rejects it, or it expires. Any open quote expires once its validity has passed.
- accepted, rejected and expired are final.
A quote is valid up to and including `valid_until` (a date, UTC); it is expired on any later date.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from app.errors import ConflictError
from app.quotes.errors import ForbiddenTransitionError

DEFAULT_VALID_DAYS = 30
"""How long a quote is valid when the rep does not say: 30 days from the day it is issued."""


class Status(StrEnum):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXPIRED = "expired"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.PENDING_APPROVAL, Status.SENT, Status.EXPIRED}),
    Status.PENDING_APPROVAL: frozenset({Status.APPROVED, Status.DRAFT, Status.EXPIRED}),
    Status.APPROVED: frozenset({Status.SENT, Status.DRAFT, Status.PENDING_APPROVAL, Status.EXPIRED}),
    Status.SENT: frozenset({Status.ACCEPTED, Status.REJECTED, Status.EXPIRED}),
    Status.ACCEPTED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.EXPIRED: frozenset(),
}
"""Every status to the statuses it may move to; any other move is refused."""

FINAL = frozenset(status for status, targets in TRANSITIONS.items() if not targets)
OPEN = frozenset(TRANSITIONS) - FINAL
EDITABLE = frozenset({Status.DRAFT, Status.PENDING_APPROVAL, Status.APPROVED})
"""Statuses whose content may change in place (a sent quote changes by a new revision)."""


def may_move(current: Status, target: Status) -> bool:
    return target in TRANSITIONS[current]


def move(current: Status, target: Status) -> Status:
    """`target` when the table allows it from `current`; raises `ForbiddenTransitionError` otherwise."""
    if not may_move(current, target):
        raise ForbiddenTransitionError(
            "A quote that is {current} cannot become {target}.", current=current.value, target=target.value
        )
    return target


def after_change(current: Status, *, needs_approval: bool) -> Status:
    """The status after the quote's content changed: a change after approval asks again.

    Raises `ConflictError` for a sent or final quote (change it by a new revision instead).
    """
    if current not in EDITABLE:
        raise ConflictError("A quote that is {current} cannot be changed; make a new revision.", current=current.value)
    if current is Status.DRAFT:
        return Status.DRAFT
    return Status.PENDING_APPROVAL if needs_approval else Status.DRAFT


def default_valid_until(issued_on: date, days: int = DEFAULT_VALID_DAYS) -> date:
    """The last day a quote issued on `issued_on` is valid, `days` later."""
    return issued_on + timedelta(days=days)


def is_expired(valid_until: date, on: date) -> bool:
    """True on any day after `valid_until` (the quote is still valid on that day itself)."""
    return on > valid_until


def may_accept(current: Status, valid_until: date, on: date) -> bool:
    """A customer may accept a sent quote up to and including its last valid day."""
    return current is Status.SENT and not is_expired(valid_until, on)
