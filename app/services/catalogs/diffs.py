"""The diff of two versions of a catalog, computed once per pair of contents and date and shared by
every worker: in the request for small catalogs, else by the worker (`Jobs.diff_catalogs`) with progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import TypeAdapter
from sqlmodel import Session

from app.analysis.diff import CatalogDiff, diff_catalogs
from app.engine.bdd import Budget
from app.engine.cache import Cache
from app.errors import TailorError
from app.models import CatalogVersion
from app.models.base import utcnow
from app.services.catalogs.analyses import INLINE_PARTS, RunView, parts, view_of
from app.services.catalogs.in_force import catalog_by_hash, catalog_of_version, version_in_force
from app.services.catalogs.runs import (
    Question,
    fail_run,
    finish_run,
    record_progress,
    run_by_id,
    settled,
)
from app.services.catalogs.versions import latest_version, version_of

BACKGROUND_BUDGET = Budget(seconds=60.0, circuit_seconds=60.0)
"""The worker's compile budget per engine: past it a context's counts are reported as not computed."""
_DIFF = TypeAdapter(CatalogDiff)


@dataclass(frozen=True)
class Compared:
    """One side of a diff: the version's id, number and status."""

    id: int
    number: int
    status: str


@dataclass(frozen=True)
class VersionDiff:
    """Two versions compared on a date: done (with `diff`), running (progress) or failed."""

    before: Compared
    after: Compared
    run: RunView
    diff: CatalogDiff | None = None
    currency: str = "EUR"
    """The currency of the version after (prices are in its minor units)."""


def version_diff(
    *,
    session: Session,
    catalog_id: str,
    before: int | None = None,
    after: int | None = None,
    on: date | None = None,
    inline_parts: int = INLINE_PARTS,
) -> VersionDiff:
    """Version `before` (default: the one in force) against `after` (default: the latest) on `on` (today)."""
    old, new = _sides(session, catalog_id, before, after)
    on = on or utcnow().date()
    first, second = catalog_of_version(old), catalog_of_version(new)
    small = max(parts(first), parts(second)) <= inline_parts
    question = Question("diff", catalog_id, f"{old.content_hash}>{new.content_hash}", on)

    def compute() -> dict[str, Any]:
        dumped: dict[str, Any] = _DIFF.dump_python(diff_catalogs(first, second, on, cache=Cache()), mode="json")
        return dumped

    run = settled(session=session, question=question, compute=compute if small else None, task="diff_catalogs")
    result = _DIFF.validate_python(run.result) if run.status == "done" and run.result is not None else None
    return VersionDiff(_compared(old), _compared(new), view_of(run, background=not small), result, second.currency)


def _sides(
    session: Session, catalog_id: str, before: int | None, after: int | None
) -> tuple[CatalogVersion, CatalogVersion]:
    new = latest_version(session=session, catalog_id=catalog_id) if after is None else None
    new = new or version_of(session=session, catalog_id=catalog_id, number=after or 0)
    if before is None:
        in_force = version_in_force(session=session, catalog_id=catalog_id)
        before = in_force.number if in_force is not None else new.number
    return version_of(session=session, catalog_id=catalog_id, number=before), new


def _compared(version: CatalogVersion) -> Compared:
    return Compared(version.id or 0, version.number, version.status)


def diff_stored(*, session: Session, run_id: int) -> None:
    """The worker's part: diff a claimed run's two documents, recording progress."""
    run = run_by_id(session=session, run_id=run_id)
    old, new = run.key.split(">", 1)

    def progress(stage: str, done: int, total: int) -> None:
        record_progress(session=session, run_id=run_id, done=done, total=total, current=stage)

    try:
        before = catalog_by_hash(session=session, catalog_id=run.catalog_id, digest=old)
        after = catalog_by_hash(session=session, catalog_id=run.catalog_id, digest=new)
        found = diff_catalogs(before, after, run.on, cache=Cache(), budget=BACKGROUND_BUDGET, progress=progress)
    except TailorError as error:
        fail_run(session=session, run_id=run_id, error=error.message)
        return
    except Exception as error:
        fail_run(session=session, run_id=run_id, error=f"{type(error).__name__}: {error}")
        raise
    finish_run(session=session, run_id=run_id, result=_DIFF.dump_python(found, mode="json"))
