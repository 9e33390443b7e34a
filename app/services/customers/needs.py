"""Needs profile: record what a customer needs, with its source, and read the known needs in one call.

For each need key the answer is the newest stated value; a key with no stated value answers
with its inferred value of highest confidence (newest first among equals). So a waist the
customer told a shop assistant beats one inferred from an order, and nothing known is asked
twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from app.errors import NotFoundError, TailorError
from app.models import Interaction, Need
from app.models.base import json_ready, utcnow
from app.models.needs import NEED_KINDS
from app.services.customers.records import resolve


@dataclass(frozen=True)
class Source:
    """Where a need was learnt: the channel, the interaction, who recorded it, the place."""

    channel: str
    interaction_id: int | None = None
    recorded_by: str | None = None
    place: str | None = None


def record_need(
    *,
    session: Session,
    customer_id: int,
    kind: str,
    key: str,
    value: Any,
    source: Source,
    unit: str | None = None,
    stated: bool = True,
    confidence: float = 1.0,
    at: datetime | None = None,
) -> Need:
    """Append one value of one need (the history stays; the newest stated value wins)."""
    if kind not in NEED_KINDS:
        raise TailorError("unknown need kind '{kind}' (known: {known})", kind=kind, known=", ".join(NEED_KINDS))
    if not key.strip():
        raise TailorError("a need needs a key (such as 'waist_in')")
    if not 0.0 < confidence <= 1.0:
        raise TailorError(
            "confidence of need '{key}' must be in (0, 1], not {confidence}", key=key, confidence=confidence
        )
    customer = resolve(session=session, customer_id=customer_id)
    if source.interaction_id is not None:
        interaction = session.get(Interaction, source.interaction_id)
        if interaction is None or interaction.customer_id != customer.id:
            raise NotFoundError(
                "interaction {interaction} is not one of customer {customer}'s",
                interaction=source.interaction_id,
                customer=customer_id,
            )
    assert customer.id is not None
    need = Need(
        customer_id=customer.id,
        kind=kind,
        key=key.strip(),
        value=json_ready(value),
        unit=unit,
        stated=stated,
        confidence=confidence if not stated else 1.0,
        channel=source.channel,
        interaction_id=source.interaction_id,
        recorded_by=source.recorded_by,
        place=source.place,
        recorded_at=at or utcnow(),
    )
    session.add(need)
    session.commit()
    return need


def known_needs(*, session: Session, customer_id: int) -> dict[str, Need]:
    """Per need key, the value in force (newest stated, else the most confident inferred)."""
    customer = resolve(session=session, customer_id=customer_id)
    rows = session.exec(
        select(Need).where(Need.customer_id == customer.id).order_by(col(Need.recorded_at).desc(), col(Need.id).desc())
    ).all()
    best: dict[str, Need] = {}
    for row in rows:
        held = best.get(row.key)
        if held is None or _better(row, held):
            best[row.key] = row
    return dict(sorted(best.items()))


def _better(candidate: Need, held: Need) -> bool:
    """Rows come newest first, so a later row only wins on being stated or more confident."""
    if candidate.stated != held.stated:
        return candidate.stated
    return not candidate.stated and candidate.confidence > held.confidence
