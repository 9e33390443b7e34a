"""Catalog versions, the writing side: seed the database, draft, edit a draft, publish, retire.

A version is numbered within its catalog (drafts too). A draft can change, each changed field
logged in `catalog_edit`; a published version never changes (a ConflictError says so). Every
document is checked by the loader before it is kept, so a bad one is refused with located problems.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.catalog import Catalog
from app.catalog.text import localize
from app.config import get_settings
from app.errors import ConflictError, NotFoundError, TailorError
from app.models import CatalogEdit, CatalogPublication, CatalogRecord, CatalogVersion
from app.models.base import utcnow
from app.services.catalogs.documents import catalog_of, content_hash, document_of

logger = logging.getLogger(__name__)

SEED_EFFECTIVE = datetime(2000, 1, 1, tzinfo=UTC)
"""When the seed versions take effect: before any date a configuration is made on."""
MAX_VALUE_TEXT = 20000
"""Longest old or new value an edit log row keeps (longer ones are cut)."""


def seed(*, session: Session, catalogs: Sequence[Catalog]) -> list[CatalogVersion]:
    """Import `catalogs` as the first published versions when the database has no catalog yet (else nothing)."""
    if session.exec(select(CatalogRecord.id).limit(1)).first() is not None:
        return []
    written = []
    try:
        for catalog in catalogs:
            _record(session, catalog)
            document = document_of(catalog)
            written.append(_new_version(session, catalog.id, document, "published", SEED_EFFECTIVE, None, "seed"))
        session.commit()
    except IntegrityError:  # another worker seeded the database at the same moment
        session.rollback()
        return []
    return written


def publish(
    *,
    session: Session,
    catalog_id: str,
    document: dict[str, Any],
    effective_from: datetime | None = None,
    author_id: int | None = None,
    notes: str = "",
) -> CatalogVersion:
    """Publish `document` as the next version of `catalog_id`, in force from `effective_from` (default: now)."""
    catalog = _checked(catalog_id, document)
    _record(session, catalog)
    version = _new_version(session, catalog_id, document, "published", _aware(effective_from), author_id, notes)
    session.add(CatalogPublication(version_id=version.id or 0))
    session.commit()
    session.refresh(version)
    warm_later(version, session)
    return version


def create_draft(
    *,
    session: Session,
    catalog_id: str,
    document: dict[str, Any] | None = None,
    author_id: int | None = None,
    notes: str = "",
) -> CatalogVersion:
    """A new draft of `catalog_id`: `document`, or a copy of the catalog's latest version."""
    if document is None:
        document = latest_version(session=session, catalog_id=catalog_id).document
    catalog = _checked(catalog_id, document)
    _record(session, catalog)
    version = _new_version(session, catalog_id, document, "draft", None, author_id, notes)
    session.commit()
    session.refresh(version)
    return version


def edit_draft(
    *, session: Session, version_id: int, document: dict[str, Any], author_id: int | None = None
) -> CatalogVersion:
    """Replace a draft's document, logging every changed field; a published or retired version refuses."""
    version = _draft(session, version_id)
    _checked(version.catalog_id, document)
    at = utcnow()
    for path, old, new in changed_fields(version.document, document):
        session.add(CatalogEdit(version_id=version_id, account_id=author_id, at=at, path=path[:500],
                                old_value=_value_text(old), new_value=_value_text(new)))  # fmt: skip
    version.document, version.content_hash = document, content_hash(document)
    session.add(version)
    session.commit()
    session.refresh(version)
    return version


def publish_draft(
    *, session: Session, version_id: int, effective_from: datetime | None = None, author_id: int | None = None
) -> CatalogVersion:
    """Publish a draft as it stands, in force from `effective_from` (default: now); it never changes again."""
    version = _draft(session, version_id)
    _checked(version.catalog_id, version.document)
    version.status, version.effective_from, version.published_at = "published", _aware(effective_from), utcnow()
    if author_id is not None:
        version.author_id = author_id
    session.add(version)
    session.add(CatalogPublication(version_id=version_id))
    session.commit()
    session.refresh(version)
    warm_later(version, session)
    return version


def retire(*, session: Session, version_id: int) -> CatalogVersion:
    """Take a published version out of force (the one before it serves again where it applies)."""
    version = session.get(CatalogVersion, version_id)
    if version is None or version.status != "published":
        raise ConflictError("only a published version can be retired")
    version.status = "retired"
    session.add(version)
    session.commit()
    session.refresh(version)
    return version


def warm_later(version: CatalogVersion, session: Session | None = None) -> None:
    """Ask the worker to compile a newly published version (`app.services.catalogs.warming`), or compile it
    here when `catalog_compile_inline` says so; the previous version serves meanwhile (see `in_force`)."""
    from app.jobs import get_jobs  # here, not above: the jobs import the catalog services

    if get_settings().catalog_compile_inline and session is not None:
        from app.services.catalogs.warming import warm_version

        warm_version(session=session, catalog_id=version.catalog_id, number=version.number)
        session.refresh(version)
        return
    try:
        get_jobs().warm_catalog(version.catalog_id, version.number)
    except Exception:
        logger.warning("could not enqueue warming %s@%s", version.catalog_id, version.number, exc_info=True)


def versions(*, session: Session, catalog_id: str) -> list[CatalogVersion]:
    """Every version of the catalog, oldest first (not found when there is no such catalog)."""
    found = list(
        session.exec(
            select(CatalogVersion).where(CatalogVersion.catalog_id == catalog_id).order_by(CatalogVersion.number)  # type: ignore[arg-type]
        ).all()
    )
    if not found:
        raise NotFoundError("no catalog '{catalog}'", catalog=catalog_id[:100])
    return found


def version_of(*, session: Session, catalog_id: str, number: int) -> CatalogVersion:
    """Version `number` of the catalog (not found when there is none)."""
    found = session.exec(
        select(CatalogVersion).where(CatalogVersion.catalog_id == catalog_id, CatalogVersion.number == number)
    ).first()
    if found is None:
        raise NotFoundError("no version {number} of catalog '{catalog}'", number=number, catalog=catalog_id[:100])
    return found


def version_by_id(*, session: Session, version_id: int) -> CatalogVersion:
    """The version with this id (not found when there is none)."""
    version = session.get(CatalogVersion, version_id)
    if version is None:
        raise NotFoundError("no catalog version {version}", version=version_id)
    return version


def latest_version(*, session: Session, catalog_id: str) -> CatalogVersion:
    """The catalog's highest-numbered version, whatever its status."""
    return versions(session=session, catalog_id=catalog_id)[-1]


def changed_fields(old: Any, new: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every field whose value differs between two documents: (path, old value, new value); None: absent."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(key for key in new if key not in old)]:
            yield from changed_fields(old.get(key), new.get(key), f"{path}.{key}" if path else str(key))
    elif _keyed(old) and _keyed(new):
        olds, news = {item["id"]: item for item in old}, {item["id"]: item for item in new}
        for key in [*olds, *(key for key in news if key not in olds)]:
            yield from changed_fields(olds.get(key), news.get(key), f"{path}[{key}]")
    elif old != new:
        yield path, old, new


def _keyed(value: Any) -> bool:
    """A list of mappings that each have a distinct `id` (products, modules, options, rules)."""
    if not isinstance(value, list) or not all(isinstance(item, dict) and "id" in item for item in value):
        return False
    return len({item["id"] for item in value}) == len(value)


def _value_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)[:MAX_VALUE_TEXT]


def _checked(catalog_id: str, document: dict[str, Any]) -> Catalog:
    """The document loaded by the loader (CatalogError with located problems), and of `catalog_id`."""
    catalog = catalog_of(document, content_hash(document), f"{catalog_id[:100]} (document)")
    if catalog.id != catalog_id:
        raise TailorError("the document is catalog '{found}', not '{catalog}'", found=catalog.id, catalog=catalog_id)
    return catalog


def _draft(session: Session, version_id: int) -> CatalogVersion:
    version = session.get(CatalogVersion, version_id)
    if version is None:
        raise NotFoundError("no catalog version {version}", version=version_id)
    if version.status != "draft":
        raise ConflictError("version {number} of catalog '{catalog}' is {status}: it cannot change",
                            number=version.number, catalog=version.catalog_id, status=version.status)  # fmt: skip
    return version


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return utcnow()
    if moment.tzinfo is None:
        raise TailorError("the effective date needs a time zone")
    return moment.astimezone(UTC)


def _record(session: Session, catalog: Catalog) -> None:
    """The catalog's row, added when it is new."""
    if session.get(CatalogRecord, catalog.id) is None:
        session.add(CatalogRecord(id=catalog.id, name=_name(catalog)))
        session.flush()


def _name(catalog: Catalog) -> str:
    return (localize(catalog.label, "en") if catalog.label else catalog.id)[:200]


def _new_version(
    session: Session,
    catalog_id: str,
    document: dict[str, Any],
    status: str,
    effective_from: datetime | None,
    author_id: int | None,
    notes: str,
) -> CatalogVersion:
    highest = session.exec(select(func.max(CatalogVersion.number)).where(CatalogVersion.catalog_id == catalog_id)).one()
    version = CatalogVersion(catalog_id=catalog_id, number=(highest or 0) + 1, document=document,
                             content_hash=content_hash(document), status=status, effective_from=effective_from,
                             author_id=author_id, notes=notes[:2000],
                             published_at=utcnow() if status == "published" else None)  # fmt: skip
    session.add(version)
    session.flush()
    return version
