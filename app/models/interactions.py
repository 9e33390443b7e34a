"""Interactions: every contact with a customer on every channel, the customer's timeline.

A complaint is an interaction with `complaint` set, a satisfaction score (1 to 5) once known
and its resolution. `cost_minor` is what the contact cost us (a call-centre minute, a field
visit), which the cost to serve adds up. Configurations and quotes are linked by reference.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from app.models.base import json_column, timestamp, utcnow

CHANNELS = ("web", "call_centre", "shop", "field_visit", "email", "phone", "sms", "post")


class Interaction(SQLModel, table=True):
    """One contact on one channel."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    channel: str = Field(max_length=32)
    kind: str = Field(default="contact", max_length=32)
    occurred_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    summary: str = Field(default="", max_length=2000)
    who: str | None = Field(default=None, max_length=100)
    """The person on our side (rep, shop assistant), when there was one."""
    place: str | None = Field(default=None, max_length=100)
    cost_minor: int = 0
    complaint: bool = False
    satisfaction: int | None = None
    resolution: str | None = Field(default=None, max_length=2000)
    resolved_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    links: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    """References to what the contact was about: {"configuration": ..., "quote": ..., "order": ...}."""
