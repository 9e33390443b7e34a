"""Value tier history: every recompute appends one row per customer whose tier was computed.

Values in integer minor units of the company's currency.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import timestamp, utcnow


class TierRecord(SQLModel, table=True):
    """A customer's tier and values at one recompute."""

    __tablename__ = "tier_record"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    tier: str = Field(max_length=16)
    current_value_minor: int
    strategic_value_minor: int
    cost_to_serve_minor: int
    computed_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
