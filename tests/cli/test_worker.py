"""`tailor worker` sends queued mail end to end, on either queue (both backends); `tailor mail-sink` keeps mail."""

from __future__ import annotations

import signal
import smtplib
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from app.cli import app
from app.jobs import get_jobs
from app.mail.sink import listening
from app.models import OutboxMessage
from app.services.notifications.outbox import queue_message
from tests.brokers import queue_name, redis_or_skip
from tests.cli.processes import tailor, wait_until
from tests.mailbox import PATIENCE_SECONDS, Inbox, free_port, settings_for, smtp_server, use_settings


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def mail(
    request: pytest.FixtureRequest, db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Inbox]:
    """A real SMTP server, the test's database and a job queue of its own (SQLite file, then Redis), in the settings."""
    with smtp_server() as inbox, settings_for(db, inbox, tmp_path / "data", monkeypatch):
        if request.param == "redis-queue":
            use_settings(monkeypatch, queue_url=redis_or_skip(), queue_name=queue_name())
        yield inbox
        get_jobs().huey.flush()


def test_the_worker_sends_a_queued_message(db: Engine, mail: Inbox, tmp_path: Path) -> None:
    with tailor(["worker"], tmp_path / "worker.log") as worker:
        with Session(db) as session:
            message = queue_message(
                session=session, to="ana@example.com", subject="Confirm", text="Open the link", kind="verify_email"
            )
            session.commit()
            [email] = mail.wait_for(1)
            assert email["Subject"] == "Confirm"
            wait_until(lambda: _sent(db, message.id), "marked sent", worker)
        worker.send_signal(signal.SIGINT)
        assert worker.wait(timeout=PATIENCE_SECONDS) == 0


def _sent(db: Engine, message_id: int | None) -> bool:
    with Session(db) as session:
        row = session.get(OutboxMessage, message_id)
        return row is not None and row.sent_at is not None


def test_the_mail_sink_keeps_each_message_and_says_where(tmp_path: Path) -> None:
    port, folder = free_port(), tmp_path / "mail"
    log = tmp_path / "sink.log"
    with tailor(["mail-sink", "--host", "127.0.0.1", "--port", str(port), "--folder", str(folder)], log) as sink:
        wait_until(lambda: listening("127.0.0.1", port), "listening", sink)
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "shop@example.com", "ana@example.com", "Your link"
        message.set_content("Open https://tailor.example/verify/abc")
        with smtplib.SMTP("127.0.0.1", port, timeout=PATIENCE_SECONDS) as smtp:
            smtp.send_message(message)
        wait_until(lambda: any(folder.glob("*.eml")), "saved", sink)
        sink.send_signal(signal.SIGINT)
        assert sink.wait(timeout=PATIENCE_SECONDS) == 0
    [saved] = folder.glob("*.eml")
    kept = message_from_bytes(saved.read_bytes(), policy=policy.default)
    assert kept["Subject"] == "Your link"
    assert f"mail to ana@example.com: {saved}" in log.read_text()


def test_the_mail_sink_will_not_share_a_port() -> None:
    with smtp_server() as busy:
        result = CliRunner().invoke(app, ["mail-sink", "--port", str(busy.port)])
    assert result.exit_code == 2
    assert f"something already listens on 127.0.0.1:{busy.port}" in result.output
