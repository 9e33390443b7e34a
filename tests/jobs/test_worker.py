"""The worker's consumer, run in this process: its periodic sweep sends mail that no job announced (both backends)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.jobs import get_jobs
from app.jobs.worker import make_consumer
from app.models import OutboxMessage
from tests.mailbox import Inbox, settings_for, smtp_server


@pytest.fixture
def mail(db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server; the app's settings point at it, at the test's database and at a data folder of its own."""
    with smtp_server() as inbox, settings_for(db, inbox, tmp_path, monkeypatch):
        yield inbox


@pytest.fixture
def signal_handlers() -> Iterator[None]:
    """Put back the signal handlers the consumer installs in the process that runs it."""
    numbers = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    saved = {number: signal.getsignal(number) for number in numbers}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def test_the_sweep_sends_a_message_whose_job_never_came(db: Engine, mail: Inbox, signal_handlers: None) -> None:
    with Session(db) as session:  # written as if the enqueue after the commit had failed: no job announces it
        session.add(OutboxMessage(kind="verify_email", to_address="ana@example.com", subject="Hi", body_text="Hello"))
        session.commit()
    jobs = get_jobs()
    assert jobs.huey.pending_count() == 0
    consumer = make_consumer(jobs, threads=1, sweep_seconds=1)
    consumer.start()
    try:
        [email] = mail.wait_for(1)
    finally:
        consumer.stop(graceful=True)
    assert email["Subject"] == "Hi"
