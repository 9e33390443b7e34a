"""Catalog versions, the reading side: the version of a catalog in force at a moment, and exact versions.

Every reader asks the database which version is in force (a small query on the published versions'
numbers and hashes, never their documents), then takes the `Catalog` of that content hash from the
process cache, loading the document only the first time. So every worker, on every machine, serves a
publish from its effective moment on, without a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.catalog import Catalog
from app.catalog.writer import dump_catalog
from app.config import get_settings
from app.errors import NotFoundError
from app.models import CatalogPublication, CatalogVersion
from app.models.base import utcnow
from app.services.catalogs.documents import cached_catalog, catalog_of


@dataclass(frozen=True)
class InForce:
    """Which version of a catalog is in force: its number and content hash."""

    catalog_id: str
    number: int
    content_hash: str


def versions_in_force(*, session: Session, on: datetime | None = None) -> list[InForce]:
    """The version of every catalog in force at `on` (default: now), by catalog id."""
    moment = on or utcnow()
    rows: dict[str, list[tuple[int, str, bool]]] = {}
    for catalog_id, number, digest, ready in _published(session, moment, None):
        rows.setdefault(catalog_id, []).append((number, digest, ready))
    return [_serving(catalog_id, rows[catalog_id]) for catalog_id in sorted(rows)]


def version_in_force(*, session: Session, catalog_id: str, on: datetime | None = None) -> InForce | None:
    """The version of `catalog_id` in force at `on` (default: now): the published one that took effect last,
    once it is compiled (until then the one before it keeps serving; see `_published`)."""
    found = [(number, digest, ready) for _, number, digest, ready in _published(session, on or utcnow(), catalog_id)]
    return _serving(catalog_id, found) if found else None


def _published(session: Session, moment: datetime, catalog_id: str | None) -> list[tuple[str, int, str, bool]]:
    """Published versions in effect at `moment`, oldest first, each with whether it may serve: it has no
    compile to wait for (the seed), its compile finished, or it has waited `catalog_compile_grace_seconds`
    since it took effect and was published (then it compiles on the first page that asks for it)."""
    query = (
        sa_select(col(CatalogVersion.catalog_id), col(CatalogVersion.number), col(CatalogVersion.content_hash),
                  col(CatalogVersion.effective_from), col(CatalogPublication.requested_at),
                  col(CatalogPublication.compiled_at))
        .join(CatalogPublication, col(CatalogPublication.version_id) == col(CatalogVersion.id), isouter=True)
        .where(col(CatalogVersion.status) == "published", col(CatalogVersion.effective_from) <= moment)
        .order_by(col(CatalogVersion.catalog_id), col(CatalogVersion.effective_from), col(CatalogVersion.number))
    )  # fmt: skip
    if catalog_id is not None:
        query = query.where(col(CatalogVersion.catalog_id) == catalog_id)
    waited = moment - timedelta(seconds=get_settings().catalog_compile_grace_seconds)
    return [
        (found, number, digest, requested is None or compiled is not None or max(effective, requested) <= waited)
        for found, number, digest, effective, requested, compiled in session.execute(query).all()
    ]


def _serving(catalog_id: str, found: list[tuple[int, str, bool]]) -> InForce:
    """The latest version that may serve; the latest of all when none may (there is nothing before it)."""
    number, digest, _ = next((row for row in reversed(found) if row[2]), found[-1])
    return InForce(catalog_id, number, digest)


def catalog_in_force_or_none(*, session: Session, catalog_id: str, seen: dict[str, Catalog | None]) -> Catalog | None:
    """The catalog in force now, or None when there is none; each catalog looked up once per `seen`."""
    if catalog_id not in seen:
        try:
            seen[catalog_id] = catalog_in_force(session=session, catalog_id=catalog_id)
        except NotFoundError:
            seen[catalog_id] = None
    return seen[catalog_id]


def catalog_in_force(*, session: Session, catalog_id: str, on: datetime | None = None) -> Catalog:
    """The catalog `catalog_id` as in force at `on` (default: now); not found when none is."""
    found = version_in_force(session=session, catalog_id=catalog_id, on=on)
    if found is None:
        raise NotFoundError("no catalog '{catalog}'", catalog=catalog_id[:100])
    return catalog_by_hash(session=session, catalog_id=catalog_id, digest=found.content_hash)


def catalog_by_hash(*, session: Session, catalog_id: str, digest: str) -> Catalog:
    """The exact version of `catalog_id` whose content hash is `digest` (not found when none is kept)."""
    cached = cached_catalog(digest)
    if cached is not None:
        return cached
    version = session.exec(
        select(CatalogVersion)
        .where(CatalogVersion.catalog_id == catalog_id, CatalogVersion.content_hash == digest)
        .order_by(col(CatalogVersion.number))
        .limit(1)
    ).first()
    if version is None:
        raise NotFoundError("no version of catalog '{catalog}' with that content", catalog=catalog_id[:100])
    return catalog_of_version(version)


def catalog_of_version(version: CatalogVersion) -> Catalog:
    """The `Catalog` of a stored version (loaded once per content hash per process)."""
    return catalog_of(version.document, version.content_hash, f"{version.catalog_id}@{version.number}")


def export(*, session: Session, catalog_id: str, number: int | None = None, json_format: bool = False) -> str:
    """Version `number` of the catalog (default: the one in force now) as catalog file text (YAML or JSON)."""
    if number is None:
        found = version_in_force(session=session, catalog_id=catalog_id)
        if found is None:
            raise NotFoundError("no catalog '{catalog}'", catalog=catalog_id[:100])
        number = found.number
    version = session.exec(
        select(CatalogVersion).where(CatalogVersion.catalog_id == catalog_id, CatalogVersion.number == number)
    ).first()
    if version is None:
        raise NotFoundError("no version {number} of catalog '{catalog}'", number=number, catalog=catalog_id[:100])
    return dump_catalog(catalog_of_version(version), json_format=json_format)
