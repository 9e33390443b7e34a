"""The timeline: every interaction with a customer on every channel, newest first.

Complaints are interactions with `complaint` set; their satisfaction (1 to 5) and resolution
are recorded when known. Configurations, quotes and orders are linked by reference.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from app.errors import NotFoundError, TailorError
from app.models import Interaction
from app.models.base import utcnow
from app.models.interactions import CHANNELS
from app.services.customers.records import resolve


def record_interaction(
    *,
    session: Session,
    customer_id: int,
    channel: str,
    summary: str,
    kind: str = "contact",
    at: datetime | None = None,
    who: str | None = None,
    place: str | None = None,
    cost_minor: int = 0,
    complaint: bool = False,
    satisfaction: int | None = None,
    links: dict[str, Any] | None = None,
    commit: bool = True,
) -> Interaction:
    """Append one interaction to the customer's timeline (`commit` False: the caller's transaction writes it)."""
    if channel not in CHANNELS:
        raise TailorError("unknown channel '{channel}' (known: {known})", channel=channel, known=", ".join(CHANNELS))
    _check_satisfaction(satisfaction)
    if cost_minor < 0:
        raise TailorError("the cost of an interaction cannot be negative ({cost_minor})", cost_minor=cost_minor)
    customer = resolve(session=session, customer_id=customer_id)
    assert customer.id is not None
    interaction = Interaction(
        customer_id=customer.id,
        channel=channel,
        kind="complaint" if complaint else kind,
        occurred_at=at or utcnow(),
        summary=summary,
        who=who,
        place=place,
        cost_minor=cost_minor,
        complaint=complaint,
        satisfaction=satisfaction,
        links=links or {},
    )
    session.add(interaction)
    if commit:
        session.commit()
    else:
        session.flush()
    return interaction


def resolve_complaint(
    *, session: Session, interaction_id: int, resolution: str, satisfaction: int | None = None
) -> Interaction:
    """Close a complaint with its resolution and, when the customer gave one, their satisfaction."""
    interaction = session.get(Interaction, interaction_id)
    if interaction is None:
        raise NotFoundError("no interaction {interaction}", interaction=interaction_id)
    if not interaction.complaint:
        raise TailorError("interaction {interaction} is not a complaint", interaction=interaction_id)
    _check_satisfaction(satisfaction)
    interaction.resolution = resolution
    interaction.resolved_at = utcnow()
    if satisfaction is not None:
        interaction.satisfaction = satisfaction
    session.commit()
    return interaction


def _check_satisfaction(satisfaction: int | None) -> None:
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise TailorError("satisfaction is 1 to 5, not {satisfaction}", satisfaction=satisfaction)


def timeline(*, session: Session, customer_id: int, limit: int = 200) -> list[Interaction]:
    """The customer's interactions, newest first."""
    customer = resolve(session=session, customer_id=customer_id)
    return list(
        session.exec(
            select(Interaction)
            .where(Interaction.customer_id == customer.id)
            .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
            .limit(limit)
        ).all()
    )
