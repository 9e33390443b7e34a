"""Duplicate candidates found by record linkage, and merges with what they moved (for undo)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import json_column, timestamp, utcnow

CANDIDATE_STATUSES = ("pending", "merged", "rejected")


class DuplicateCandidate(SQLModel, table=True):
    """Two customers that may be one, with the linkage model's probability; `left_id < right_id`."""

    __tablename__ = "duplicate_candidate"

    __table_args__: ClassVar[tuple[UniqueConstraint]] = (
        UniqueConstraint("left_id", "right_id", name="uq_candidate_pair"),
    )

    id: int | None = Field(default=None, primary_key=True)
    left_id: int = Field(foreign_key="customer.id", index=True)
    right_id: int = Field(foreign_key="customer.id", index=True)
    probability: float
    status: str = Field(default="pending", max_length=16, index=True)
    found_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    reviewed_by: str | None = Field(default=None, max_length=100)
    reviewed_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class Merge(SQLModel, table=True):
    """`merged_id` folded into `survivor_id`; `moved` lists every row re-pointed and the fields overwritten."""

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = Field(foreign_key="customer.id", index=True)
    merged_id: int = Field(foreign_key="customer.id", index=True)
    merged_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    merged_by: str = Field(max_length=100)
    moved: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    undone_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
