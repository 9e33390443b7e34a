"""Consent: record grants and withdrawals with their evidence, and decide whether a use is allowed.

`allowed` is the one place every part of Tailor asks before it contacts a customer or uses
their data for a purpose. The newest record for the exact channel decides; without one, the
newest record for channel "any" (a purpose given for every channel); without either, no.
An erased customer allows nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from app.errors import TailorError
from app.models import Consent
from app.models.base import utcnow
from app.models.consents import CONSENT_CHANNELS, PURPOSES
from app.services.customers.records import resolve


def record_consent(
    *,
    session: Session,
    customer_id: int,
    channel: str,
    purpose: str,
    granted: bool,
    where: str,
    text_shown: str,
    at: datetime | None = None,
) -> Consent:
    """Append a grant (or, with `granted=False`, a withdrawal) with where and what text was shown."""
    if channel not in CONSENT_CHANNELS:
        raise TailorError(
            "unknown consent channel '{channel}' (known: {known})", channel=channel, known=", ".join(CONSENT_CHANNELS)
        )
    if purpose not in PURPOSES:
        raise TailorError(
            "unknown consent purpose '{purpose}' (known: {known})", purpose=purpose, known=", ".join(PURPOSES)
        )
    if granted and not text_shown.strip():
        raise TailorError("a consent needs the text the customer was shown, as evidence")
    customer = resolve(session=session, customer_id=customer_id)
    assert customer.id is not None
    record = Consent(
        customer_id=customer.id,
        channel=channel,
        purpose=purpose,
        granted=granted,
        recorded_at=at or utcnow(),
        where=where,
        text_shown=text_shown,
    )
    session.add(record)
    session.commit()
    return record


def allowed(*, session: Session, customer_id: int, channel: str, purpose: str, at: datetime | None = None) -> bool:
    """Whether the customer allows `purpose` on `channel` ("any" for uses that contact nobody) at `at`."""
    if purpose not in PURPOSES:
        raise TailorError(
            "unknown consent purpose '{purpose}' (known: {known})", purpose=purpose, known=", ".join(PURPOSES)
        )
    customer = resolve(session=session, customer_id=customer_id)
    if customer.erased_at is not None:
        return False
    when = at or utcnow()
    rows = session.exec(
        select(Consent)
        .where(Consent.customer_id == customer.id, Consent.purpose == purpose, col(Consent.recorded_at) <= when)
        .order_by(col(Consent.recorded_at).desc(), col(Consent.id).desc())
    ).all()
    for wanted in (channel, "any"):
        newest = next((row for row in rows if row.channel == wanted), None)
        if newest is not None:
            return newest.granted
    return False


def consents(*, session: Session, customer_id: int) -> dict[tuple[str, str], Consent]:
    """The record in force per (channel, purpose), for "my data" pages and exports."""
    rows = session.exec(
        select(Consent).where(Consent.customer_id == customer_id).order_by(col(Consent.recorded_at), col(Consent.id))
    ).all()
    return {(row.channel, row.purpose): row for row in rows}
