"""Contacts a rep logs by hand (a call, a visit, an e-mail, a chat) and complaints, with what they cost.

A logged contact is an `Interaction` on the timeline with its cost in minor units, which the cost to
serve adds up (`value.recompute` sums every interaction's cost over its window; `cost_to_serve` here
is the same sum, live). A complaint is a logged contact with `complaint` set: `who` is its owner (the
rep who answers for it), `resolved_at` None means open. How a complaint changes treatment (kept
simple on purpose): a customer with an open complaint is flagged on the 360 and in search results,
and one whose last scored complaint in a year was rated 1 or 2 is flagged "at risk"; the value tiers
themselves are computed from money only (margin, potential, cost to serve, where complaints count
through what handling them cost).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.errors import ConflictError, NotFoundError, TailorError
from app.models import Interaction
from app.models.base import utcnow
from app.services.customers.records import resolve
from app.services.customers.timeline import record_interaction, resolve_complaint

LOGGED = {"call": "phone", "visit": "field_visit", "email": "email", "chat": "web"}
"""What a rep can log, and the channel it happened on."""
LONGEST_TEXT = 2000
MOST_COST_MINOR = 100_000_000
WINDOW_DAYS = 365


@dataclass(frozen=True)
class Treatment:
    """How a customer's complaints change how they are treated."""

    open_complaints: int
    at_risk: bool


def log_contact(
    *,
    session: Session,
    customer_id: int,
    what: str,
    summary: str,
    cost_minor: int,
    by: str,
    complaint: bool = False,
    owner: str | None = None,
    at: datetime | None = None,
) -> Interaction:
    """Log a call, visit, e-mail or chat (`what`) by rep `by`, with its cost; a complaint has an owner."""
    if what not in LOGGED:
        raise TailorError("kind: choose one of {known}", known=", ".join(LOGGED))
    if not summary.strip():
        raise TailorError("summary: say what the contact was about")
    if len(summary) > LONGEST_TEXT:
        raise TailorError("summary: at most {count} characters", count=LONGEST_TEXT)
    if not 0 <= cost_minor <= MOST_COST_MINOR:
        raise TailorError("cost: between 0 and {most}", most=MOST_COST_MINOR // 100)
    who = (owner or by).strip()[:100] if complaint else by
    return record_interaction(session=session, customer_id=customer_id, channel=LOGGED[what], kind=what,
                              summary=summary.strip(), at=at, who=who, cost_minor=cost_minor, complaint=complaint,
                              links={"logged_by": by})  # fmt: skip


def close_complaint(
    *, session: Session, interaction_id: int, customer_id: int, resolution: str, satisfaction: int | None
) -> Interaction:
    """Close an open complaint of `customer_id` with its resolution and the customer's satisfaction (1-5)."""
    found = session.get(Interaction, interaction_id)
    if found is None or not found.complaint or found.customer_id != _live_id(session, customer_id):
        raise NotFoundError("no complaint {interaction}", interaction=interaction_id)
    if found.resolved_at is not None:
        raise ConflictError("complaint {interaction} is already resolved", interaction=interaction_id)
    if not resolution.strip():
        raise TailorError("resolution: say how the complaint was resolved")
    if len(resolution) > LONGEST_TEXT:
        raise TailorError("resolution: at most {count} characters", count=LONGEST_TEXT)
    return resolve_complaint(session=session, interaction_id=interaction_id, resolution=resolution.strip(),
                             satisfaction=satisfaction)  # fmt: skip


def _live_id(session: Session, customer_id: int) -> int:
    return int(resolve(session=session, customer_id=customer_id).id or 0)


def complaints(*, session: Session, customer_id: int) -> list[Interaction]:
    """The customer's complaints, open ones first, then newest first."""
    rows = session.exec(
        select(Interaction)
        .where(Interaction.customer_id == _live_id(session, customer_id), col(Interaction.complaint).is_(True))
        .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
    ).all()
    return sorted(rows, key=lambda row: row.resolved_at is not None)


def treatment(*, session: Session, customer_id: int, at: datetime | None = None) -> Treatment:
    """Open complaints, and whether the last scored complaint of the past year was rated 1 or 2."""
    since = (at or utcnow()) - timedelta(days=WINDOW_DAYS)
    found = complaints(session=session, customer_id=customer_id)
    scored = sorted((row for row in found if row.satisfaction is not None and row.occurred_at >= since),
                    key=lambda row: row.resolved_at or row.occurred_at)  # fmt: skip
    at_risk = bool(scored) and (scored[-1].satisfaction or 5) <= 2
    return Treatment(sum(1 for row in found if row.resolved_at is None), at_risk)


def cost_to_serve(*, session: Session, customer_id: int, at: datetime | None = None) -> int:
    """What the customer's interactions cost over the value window ending `at` (minor units), live."""
    since = (at or utcnow()) - timedelta(days=WINDOW_DAYS)
    total = session.exec(
        select(func.sum(Interaction.cost_minor)).where(
            Interaction.customer_id == _live_id(session, customer_id), col(Interaction.occurred_at) >= since
        )
    ).one()
    return int(total or 0)
