"""Analyses and diffs of catalog documents, kept so that every worker shares them.

A row (`catalog_analysis`) is one question about catalog content on one date: the analysis of a
document of catalog `catalog_id` (`kind` "analysis", `key` its content hash) or the diff of two
(`kind` "diff", `key` the two hashes). Its `status` is running (with progress: `done` of `total` steps, `current`), done
(with `result`, the answer as JSON) or failed (with `error`). A running row whose `updated_at` is
old is a job that died: it is started again (`attempts` counts how often).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import timestamp, utcnow

ANALYSIS_KINDS = ("analysis", "diff")
ANALYSIS_STATUSES = ("running", "done", "failed")


class AnalysisRun(SQLModel, table=True):
    """One analysis (or diff) of catalog content on a date: its progress while it runs, then its result."""

    __tablename__ = "catalog_analysis"
    __table_args__ = (UniqueConstraint("kind", "catalog_id", "key", "on", name="uq_catalog_analysis_key"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    catalog_id: str = Field(max_length=100)
    key: str = Field(max_length=140, index=True)
    """The content hash analysed, or `before>after` for a diff."""
    on: date
    status: str = Field(default="running", max_length=16)
    done: int = 0
    total: int = 0
    current: str = Field(default="", max_length=300)
    attempts: int = 1
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    error: str = Field(default="", max_length=2000)
    started_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    finished_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
