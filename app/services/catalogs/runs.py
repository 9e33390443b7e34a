"""Stored runs of a long catalog question (an analysis, a diff): claimed once, progress recorded,
result kept as JSON, shared by every worker through the database.

A request looks for the row of (kind, catalog, key, date). None: it claims one (a unique key makes
two workers agree on who runs it). Running: it shows the progress. A running row not touched for
`STALE_AFTER` belongs to a job that died: it is claimed again, at most `MAX_ATTEMPTS` times in all,
then marked failed, so nothing says "running" forever.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.errors import NotFoundError
from app.models import AnalysisRun
from app.models.base import utcnow

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)
"""A running row with no progress for this long is taken for a dead job."""
MAX_ATTEMPTS = 3
"""Runs of one question (the first and the restarts of stale ones) before it is marked failed."""
MAX_CURRENT = 300
MAX_ERROR = 2000


@dataclass(frozen=True)
class Question:
    """What a stored run answers: an analysis (`key` a content hash) or a diff (`before>after`) on a date."""

    kind: str
    catalog_id: str
    key: str
    on: date


def stored_run(*, session: Session, question: Question) -> AnalysisRun | None:
    """The row of this question, if any worker asked it."""
    q = question
    return session.exec(
        select(AnalysisRun).where(
            AnalysisRun.kind == q.kind,
            AnalysisRun.catalog_id == q.catalog_id,
            AnalysisRun.key == q.key,
            AnalysisRun.on == q.on,
        )
    ).first()


def run_by_id(*, session: Session, run_id: int) -> AnalysisRun:
    """A stored run (not found when it is gone)."""
    found = session.get(AnalysisRun, run_id)
    if found is None:
        raise NotFoundError("no analysis {run}", run=run_id)
    return found


def is_stale(run: AnalysisRun, now: datetime | None = None) -> bool:
    """Whether a running row has not moved for `STALE_AFTER` (its job died or was killed)."""
    return run.status == "running" and (now or utcnow()) - run.updated_at > STALE_AFTER


def claim_run(
    *, session: Session, question: Question, result: dict[str, Any] | None = None
) -> tuple[AnalysisRun, bool]:
    """The question's row, and whether the caller must run it: a new row (done at once when `result` is
    given), or a stale one started again; False when another worker has it or it is settled."""
    found = stored_run(session=session, question=question)
    if found is not None:
        return found, _restarted(session, found)
    q = question
    row = AnalysisRun(kind=q.kind, catalog_id=q.catalog_id, key=q.key, on=q.on)
    if result is not None:
        row.status, row.result, row.finished_at = "done", result, utcnow()
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # another worker claimed it a moment ago: theirs is the run
        session.rollback()
        other = stored_run(session=session, question=question)
        if other is None:
            raise
        return other, False
    session.refresh(row)
    return row, result is None


def _restarted(session: Session, run: AnalysisRun) -> bool:
    """Start a stale run again (True), or mark it failed past `MAX_ATTEMPTS`; False for any other row."""
    if not is_stale(run):
        return False
    now = utcnow()
    if run.attempts >= MAX_ATTEMPTS:
        run.status, run.finished_at = "failed", now
        run.error = f"stopped without finishing {run.attempts} times"
        session.add(run)
        session.commit()
        return False
    run.attempts += 1
    run.started_at = run.updated_at = now
    run.done, run.current = 0, ""
    session.add(run)
    session.commit()
    session.refresh(run)
    return True


def record_progress(*, session: Session, run_id: int, done: int, total: int, current: str) -> None:
    """Steps done of `total`, and what is being done now (seen by every worker at once)."""
    run = run_by_id(session=session, run_id=run_id)
    run.done, run.total, run.current = done, total, current[:MAX_CURRENT]
    run.updated_at = utcnow()
    session.add(run)
    session.commit()


def finish_run(*, session: Session, run_id: int, result: dict[str, Any]) -> None:
    """The run is done: keep its result."""
    run = run_by_id(session=session, run_id=run_id)
    run.status, run.result, run.error = "done", result, ""
    run.done = run.total
    run.finished_at = run.updated_at = utcnow()
    session.add(run)
    session.commit()


def fail_run(*, session: Session, run_id: int, error: str) -> None:
    """The run stopped on an error: say so (it is not started again by itself)."""
    session.rollback()
    run = run_by_id(session=session, run_id=run_id)
    run.status, run.error = "failed", error[:MAX_ERROR]
    run.finished_at = run.updated_at = utcnow()
    session.add(run)
    session.commit()


def settled(
    *, session: Session, question: Question, compute: Callable[[], dict[str, Any]] | None, task: str
) -> AnalysisRun:
    """The question's row: answered here by `compute` (for small questions) when no live run has it,
    else claimed for the worker's `task` (or left to the run already going)."""
    found = stored_run(session=session, question=question)
    if compute is not None and (found is None or is_stale(found)):
        result = compute()
        if found is None:
            return claim_run(session=session, question=question, result=result)[0]
        finish_run(session=session, run_id=found.id or 0, result=result)
        session.refresh(found)
        return found
    run, start = claim_run(session=session, question=question)
    if start:
        enqueue(task, run.id or 0)
    return run


def enqueue(task: str, run_id: int) -> None:
    """Ask the worker to run a stored run (`Jobs.analyse_catalog` or `Jobs.diff_catalogs`); best effort: a
    run the queue never starts goes stale and is claimed again by the next request."""
    from app.jobs import get_jobs  # here, not above: the jobs import the catalog services

    try:
        getattr(get_jobs(), task)(run_id)
    except Exception:
        logger.warning("could not enqueue %s of run %s", task, run_id, exc_info=True)
