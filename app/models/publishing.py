"""Publishing a catalog version: its compile progress and whether customers were told, a second
approver's request, and the notices sent (one per version x customer x subject, never twice)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import timestamp, utcnow

APPROVAL_STATES = ("pending", "approved", "rejected", "cancelled")


class CatalogPublication(SQLModel, table=True):
    """A published version's compile (products done of total, when finished) and when customers were told.

    A published version without this row (the seed, versions published before it existed) is served as
    soon as it is in force."""

    __tablename__ = "catalog_publication"

    version_id: int = Field(primary_key=True, foreign_key="catalog_version.id")
    requested_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    compile_done: int = 0
    compile_total: int = 0
    compiled_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    notified_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class CatalogApproval(SQLModel, table=True):
    """A request to publish a draft, waiting for another catalog manager (when a second approver is required).

    It names the draft's content hash when asked: a draft changed since then no longer matches, and the
    request is cancelled."""

    __tablename__ = "catalog_approval"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="catalog_version.id", index=True)
    content_hash: str = Field(max_length=64)
    requested_by: int | None = Field(default=None, foreign_key="account.id")
    """None once that account is erased."""
    requested_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    effective_from: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    notes: str = Field(default="", max_length=2000)
    state: str = Field(default="pending", max_length=16)
    decided_by: int | None = Field(default=None, foreign_key="account.id")
    decided_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    comment: str = Field(default="", max_length=2000)


class CatalogNotice(SQLModel, table=True):
    """A customer told about a published version, about one saved configuration or need (`subject`)."""

    __tablename__ = "catalog_notice"
    __table_args__ = (UniqueConstraint("version_id", "customer_id", "subject", name="uq_catalog_notice"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="catalog_version.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    subject: str = Field(max_length=100)
    """`configuration:ID` or `need:ID`."""
    sent: bool = False
    """False: recorded but not sent (no consent for that channel and purpose)."""
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
