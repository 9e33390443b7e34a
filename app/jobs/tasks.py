"""Every background task, registered in one place on the process's queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine
from app.jobs.queue import make_huey
from app.services.catalogs.analyses import analyse_stored
from app.services.catalogs.diffs import diff_stored
from app.services.catalogs.notices import notify_in_force
from app.services.catalogs.warming import warm_version
from app.services.notifications.outbox import deliver_due
from app.services.quotes.answers import expire_quotes


@dataclass(frozen=True)
class Jobs:
    """A huey queue and its tasks: calling a task enqueues it (`jobs.deliver_outbox()`)."""

    huey: Any
    deliver_outbox: Any
    """Send the outbox's due messages now (enqueued when a transaction that queued mail commits)."""
    sweep_outbox: Any
    """The same, run by the worker's scheduler every `outbox_sweep_seconds`."""
    warm_catalog: Any
    """Compile a newly published catalog version into the shared engine cache (`warm_catalog(id, number)`)."""
    analyse_catalog: Any = None
    """Analyse a claimed catalog analysis run (`analyse_catalog(run_id)`), recording its progress."""
    diff_catalogs: Any = None
    """Diff the two versions of a claimed diff run (`diff_catalogs(run_id)`), recording its progress."""
    notify_catalogs: Any = None
    """Tell customers about catalog versions that came into force (periodic, `app.services.catalogs.notices`)."""
    expire_quotes: Any = None
    """Mark open quotes past their last valid day expired (periodic, `app.services.quotes.answers`)."""


def make_jobs(*, url: str, data_dir: Path, name: str = "tailor") -> Jobs:
    """The queue for `url` (see `make_huey`) with every task registered on it."""
    huey = make_huey(url=url, data_dir=data_dir, name=name)
    deliver_outbox = huey.task(name="deliver_outbox")(deliver_outbox_now)
    sweep_outbox = huey.periodic_task(every_check, name="sweep_outbox")(deliver_outbox_now)
    warm_catalog = huey.task(name="warm_catalog")(warm_catalog_now)
    analyse = huey.task(name="analyse_catalog")(analyse_catalog_now)
    diff = huey.task(name="diff_catalogs")(diff_catalogs_now)
    notify_catalogs = huey.periodic_task(every_check, name="notify_catalogs")(notify_catalogs_now)
    expire = huey.periodic_task(every_check, name="expire_quotes")(expire_quotes_now)
    return Jobs(huey=huey, deliver_outbox=deliver_outbox, sweep_outbox=sweep_outbox, warm_catalog=warm_catalog,
                analyse_catalog=analyse, diff_catalogs=diff, notify_catalogs=notify_catalogs,
                expire_quotes=expire)  # fmt: skip


def get_jobs() -> Jobs:
    """The process's queue, as the settings in force say."""
    settings = get_settings()
    return _jobs(settings.queue_url, settings.data_dir, settings.queue_name)


@lru_cache
def _jobs(url: str, data_dir: Path, name: str) -> Jobs:
    return make_jobs(url=url, data_dir=data_dir, name=name)


def every_check(_when: datetime) -> bool:
    """A periodic task's schedule that says yes at each of the scheduler's checks."""
    return True


def warm_catalog_now(catalog_id: str, number: int) -> list[str]:
    """Compile version `number` of the catalog into the shared engine cache; the products compiled."""
    with Session(get_engine()) as session:
        return warm_version(session=session, catalog_id=catalog_id, number=number)


def analyse_catalog_now(run_id: int) -> None:
    """Run a claimed catalog analysis (`app.services.catalogs.analyses`), progress and result in the database."""
    with Session(get_engine()) as session:
        analyse_stored(session=session, run_id=run_id)


def diff_catalogs_now(run_id: int) -> None:
    """Run a claimed catalog diff (`app.services.catalogs.diffs`), progress and result in the database."""
    with Session(get_engine()) as session:
        diff_stored(session=session, run_id=run_id)


def notify_catalogs_now() -> int:
    """Tell customers about the catalog versions that came into force since the last check; the e-mails queued."""
    with Session(get_engine()) as session:
        return notify_in_force(session=session)


def expire_quotes_now() -> int:
    """Expire the open quotes whose validity has passed (one read when there are none); how many expired."""
    with Session(get_engine()) as session:
        return expire_quotes(session=session)


def deliver_outbox_now() -> int:
    """Send every due outbox message, batch after batch, on the configured database; how many were sent."""
    total = 0
    with Session(get_engine()) as session:
        while sent := deliver_due(session=session):
            total += sent
    return total
