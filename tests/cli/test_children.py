"""What `tailor serve` runs beside the web server: for the demo, a mail sink and the worker, which delivers into it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from app.cli import app
from app.cli.children import beside_the_server
from app.config import get_settings
from app.db import get_engine
from app.mail.sink import listening
from app.services.notifications.outbox import queue_message
from tests.cli.processes import wait_until
from tests.databases import url_of
from tests.mailbox import free_port, smtp_server, use_settings


@pytest.fixture
def demo_settings(db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The test's database, a data folder of its own, and an SMTP port nothing listens on (a fresh machine)."""
    use_settings(monkeypatch, database_url=url_of(db), data_dir=tmp_path, smtp_port=free_port())
    get_engine.cache_clear()
    yield tmp_path
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_the_demo_gets_a_mail_sink_and_a_worker_that_delivers_into_it(db: Engine, demo_settings: Path) -> None:
    settings = get_settings()
    with beside_the_server(worker=True, mail_sink=True) as started:
        assert sorted(started) == [f"a development mail sink on 127.0.0.1:{settings.smtp_port}", "the worker"]
        sink = next(process for name, process in started.items() if "sink" in name)
        wait_until(lambda: listening("127.0.0.1", settings.smtp_port), "listening", sink)
        with Session(db) as session:
            queue_message(session=session, to="ana@example.com", subject="Hi", text="Open the link", kind="verify")
            session.commit()
        wait_until(
            lambda: any((demo_settings / "mail").glob("*.eml")), "delivered into the sink", started["the worker"]
        )
    assert all(process.poll() is not None for process in started.values())


def test_no_sink_where_a_mail_server_listens_and_no_worker_when_asked_not_to(
    demo_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server() as running:
        use_settings(monkeypatch, smtp_port=running.port)
        with beside_the_server(worker=False, mail_sink=True) as started:
            assert started == {}


def test_serve_offers_to_run_without_the_worker() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--no-worker" in result.output
