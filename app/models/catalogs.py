"""Catalog versions: every catalog document kept in the database, published ones immutable.

A catalog (`catalog`) has numbered versions (`catalog_version`), each a whole catalog document as
JSON with the sha256 of its canonical JSON (`content_hash`). A draft can change; a published
version never does: it is in force from `effective_from` until a later published version takes
over; a retired one is in force no more. `catalog_edit` logs who changed which field of a draft.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import json_column, timestamp, utcnow

VERSION_STATUSES = ("draft", "published", "retired")


class CatalogRecord(SQLModel, table=True):
    """One catalog, by the id its documents carry."""

    __tablename__ = "catalog"

    id: str = Field(primary_key=True, max_length=100)
    name: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class CatalogVersion(SQLModel, table=True):
    """Version `number` of a catalog: its document, its content hash and where it is in its life."""

    __tablename__ = "catalog_version"
    __table_args__ = (UniqueConstraint("catalog_id", "number", name="uq_catalog_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    catalog_id: str = Field(foreign_key="catalog.id", max_length=100, index=True)
    number: int
    document: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    content_hash: str = Field(max_length=64, index=True)
    status: str = Field(default="draft", max_length=16)
    effective_from: datetime | None = Field(default=None, sa_column=timestamp(nullable=True, index=True))
    author_id: int | None = Field(default=None, foreign_key="account.id")
    notes: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    published_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class CatalogEdit(SQLModel, table=True):
    """One field of a draft changed: by whom, when, from what to what (values as JSON text)."""

    __tablename__ = "catalog_edit"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="catalog_version.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="account.id")
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    path: str = Field(max_length=500)
    old_value: str | None = Field(default=None, max_length=20000)
    new_value: str | None = Field(default=None, max_length=20000)
