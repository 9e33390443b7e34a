"""What the catalog managers' workspace lists: every catalog with the version in force, its drafts and
what is scheduled, and one catalog's versions newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.models import Account, CatalogRecord, CatalogVersion
from app.models.base import utcnow
from app.services.catalogs.in_force import version_in_force
from app.services.catalogs.versions import version_by_id


@dataclass(frozen=True)
class CatalogRow:
    """One catalog as the workspace lists it."""

    id: str
    name: str
    in_force: int | None
    drafts: int
    scheduled: int
    versions: int


@dataclass(frozen=True)
class VersionRow:
    """One version as the workspace lists it: where it is in its life and who made it."""

    id: int
    number: int
    status: str
    in_force: bool
    scheduled: bool
    effective_from: datetime | None
    created_at: datetime
    published_at: datetime | None
    author: str
    notes: str
    content_hash: str


def catalog_rows(*, session: Session) -> list[CatalogRow]:
    """Every catalog, by id, with the number of the version in force and how many drafts and scheduled ones."""
    now = utcnow()
    rows = []
    for record in session.exec(select(CatalogRecord).order_by(col(CatalogRecord.id))).all():
        found = session.exec(
            select(CatalogVersion.status, CatalogVersion.effective_from).where(CatalogVersion.catalog_id == record.id)
        ).all()
        in_force = version_in_force(session=session, catalog_id=record.id, on=now)
        rows.append(
            CatalogRow(
                id=record.id,
                name=record.name,
                in_force=None if in_force is None else in_force.number,
                drafts=sum(status == "draft" for status, _ in found),
                scheduled=sum(status == "published" and when is not None and when > now for status, when in found),
                versions=len(found),
            )
        )
    return rows


def version_rows(*, session: Session, catalog_id: str) -> list[VersionRow]:
    """The catalog's versions, newest first (empty when there is no such catalog)."""
    now = utcnow()
    in_force = version_in_force(session=session, catalog_id=catalog_id, on=now)
    found = session.exec(
        select(CatalogVersion, Account.email)
        .join(Account, col(Account.id) == col(CatalogVersion.author_id), isouter=True)
        .where(CatalogVersion.catalog_id == catalog_id)
        .order_by(col(CatalogVersion.number).desc())
    ).all()
    return [
        VersionRow(
            id=version.id or 0,
            number=version.number,
            status=version.status,
            in_force=in_force is not None and in_force.number == version.number,
            scheduled=version.status == "published"
            and version.effective_from is not None
            and version.effective_from > now,
            effective_from=version.effective_from,
            created_at=version.created_at,
            published_at=version.published_at,
            author=email or "",
            notes=version.notes,
            content_hash=version.content_hash,
        )
        for version, email in found
    ]


def version_row(*, session: Session, version_id: int) -> VersionRow:
    """One version as the workspace shows it (not found when there is none)."""
    version = version_by_id(session=session, version_id=version_id)
    rows = version_rows(session=session, catalog_id=version.catalog_id)
    return next(row for row in rows if row.id == version_id)
