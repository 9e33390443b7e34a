"""Saved configurations: a selection kept server-side, for a visitor (by cookie token) or a customer.

`share_code` opens a read-only view for anyone who has the link; `resume_code` opens the
configuration to edit on any device (it is the visitor's key: only its hash is stored).
A *draft* is the one a known customer was last working on for a product, kept as they go, so
the next visit (or a rep) picks up where they stopped; nobody holds its resume code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from app.models.base import json_column, timestamp, utcnow


class SavedConfiguration(SQLModel, table=True):
    """One saved selection of one product of one catalog version."""

    __tablename__ = "saved_configuration"

    id: int | None = Field(default=None, primary_key=True)
    share_code: str = Field(max_length=32, unique=True, index=True)
    resume_hash: str = Field(max_length=64, unique=True, index=True)
    visitor_hash: str | None = Field(default=None, max_length=64, index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    catalog_id: str = Field(max_length=100)
    catalog_version: str = Field(max_length=50)
    catalog_hash: str | None = Field(default=None, max_length=64)
    """Content hash of the exact catalog version it was made on (None: made before versions were kept)."""
    product_id: str = Field(max_length=100)
    name: str = Field(default="", max_length=100)
    draft: bool = Field(default=False)
    choices: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
