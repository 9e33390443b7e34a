"""Consent records: what a customer allowed, per channel and purpose, with evidence.

Records are appended, never edited: a grant or a withdrawal is a new row with when, where and
the exact text shown. The newest row for a (channel, purpose) decides; no row means no.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import timestamp, utcnow

CONSENT_CHANNELS = ("email", "sms", "phone", "post", "any")
PURPOSES = ("marketing", "personalisation", "new_products")


class Consent(SQLModel, table=True):
    """One grant or withdrawal."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    channel: str = Field(max_length=16)
    purpose: str = Field(max_length=32)
    granted: bool
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    where: str = Field(max_length=100)
    """Where it was given or withdrawn (a page, a shop, a call)."""
    text_shown: str = Field(max_length=2000)
