"""The job queue: an SQLite file by default, Redis for a redis:// URL, and a task enqueued on either really runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey  # type: ignore[import-untyped]

from app.config import get_settings
from app.jobs import Jobs, get_jobs, make_jobs
from app.jobs.queue import describe_queue
from app.models.base import utcnow
from tests.brokers import queue_name, redis_or_skip
from tests.mailbox import use_settings


@pytest.fixture(params=["sqlite", "redis"])
def jobs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Jobs]:
    """A queue of its own on each store: an SQLite file, then Redis (skipped when unreachable)."""
    url = "" if request.param == "sqlite" else redis_or_skip()
    made = make_jobs(url=url, data_dir=tmp_path, name=queue_name())
    yield made
    made.huey.flush()


def test_an_enqueued_task_really_runs(jobs: Jobs) -> None:
    ran: list[str] = []

    def remember(word: str) -> None:
        ran.append(word)

    task = jobs.huey.task(name="remember")(remember)
    task("hello")
    assert ran == []
    assert jobs.huey.pending_count() == 1
    jobs.huey.execute(jobs.huey.dequeue())  # what a worker thread does with each job
    assert ran == ["hello"]
    assert jobs.huey.pending_count() == 0


def test_the_outbox_tasks_are_registered_and_the_sweep_is_due_at_every_check(jobs: Jobs) -> None:
    jobs.deliver_outbox()
    assert jobs.huey.pending_count() == 1
    assert [task.name for task in jobs.huey.read_periodic(utcnow())] == [
        "sweep_outbox",
        "notify_catalogs",
        "expire_quotes",
    ]


def test_the_default_queue_is_an_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    jobs = make_jobs(url="", data_dir=tmp_path / "data", name=queue_name())
    assert isinstance(jobs.huey, SqliteHuey)
    assert (tmp_path / "data" / "jobs.db").is_file()


def test_a_redis_url_means_redis(tmp_path: Path) -> None:
    jobs = make_jobs(url="redis://127.0.0.1:6379/15", data_dir=tmp_path, name=queue_name())
    assert isinstance(jobs.huey, RedisHuey)
    assert not (tmp_path / "jobs.db").exists()


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Settings this test changes, read afresh by the tests after it."""
    yield monkeypatch
    get_settings.cache_clear()


def test_get_jobs_follows_the_settings(tmp_path: Path, settings: pytest.MonkeyPatch) -> None:
    use_settings(settings, data_dir=tmp_path, queue_url="")
    assert isinstance(get_jobs().huey, SqliteHuey)
    assert get_jobs() is get_jobs()
    use_settings(settings, queue_url="redis://127.0.0.1:6379/15", queue_name=queue_name())
    assert isinstance(get_jobs().huey, RedisHuey)


def test_another_kind_of_url_is_refused_without_showing_its_password(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="redis://") as refused:
        make_jobs(url="amqp://guest:hunter2@127.0.0.1:5672/", data_dir=tmp_path)
    assert "hunter2" not in str(refused.value)
    assert describe_queue("redis://:hunter2@127.0.0.1:6379/0", tmp_path) == "redis://127.0.0.1:6379/0"
