"""Needs profile entries: what a customer needs, each with where it came from.

A need is one typed value (a body measurement, a use, a budget, a preferred option or plan)
under a `key`: the id of the attribute it fills ("waist", "inseam") or a free key
("budget_eur"). Stated needs come from the customer; inferred ones from orders, with a
confidence below 1. Entries are never overwritten: the newest stated value wins, so the history of what was said stays.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from app.models.base import json_column, timestamp, utcnow

NEED_KINDS = ("measurement", "use", "budget", "preference", "plan")


class Need(SQLModel, table=True):
    """One value of one need, from one source."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    kind: str = Field(max_length=16)
    key: str = Field(max_length=100, index=True)
    value: Any = Field(sa_column=json_column())
    unit: str | None = Field(default=None, max_length=16)
    stated: bool = True
    confidence: float = 1.0
    channel: str = Field(max_length=32)
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")
    recorded_by: str | None = Field(default=None, max_length=100)
    place: str | None = Field(default=None, max_length=100)
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
