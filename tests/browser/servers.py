"""Tailor as it is deployed, for the journeys that need it: two app processes (`tailor serve --no-worker`)
and one `tailor worker` on the test's database, e-mailing a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.cli.processes import tailor, wait_until
from tests.mailbox import Inbox, free_port, settings_for, smtp_server


@dataclass(frozen=True)
class Deployment:
    """Two app workers (their base URLs) and the inbox of the SMTP server the worker sends to."""

    workers: tuple[str, str]
    inbox: Inbox


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def deployment(db: Engine, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Deployment]:
    """Two `tailor serve` processes and a `tailor worker` on `db`, sending mail to a test SMTP server."""
    with ExitStack() as stack:
        inbox = stack.enter_context(smtp_server())
        stack.enter_context(settings_for(db, inbox, folder / "data", monkeypatch))
        ports = (free_port(), free_port())
        for number, port in enumerate(ports):
            arguments = ["serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)]
            server = stack.enter_context(tailor(arguments, folder / f"app{number}.log"))
            wait_until(lambda port=port: _listening(port), f"app worker {number} listening", server)  # type: ignore[misc]
        stack.enter_context(tailor(["worker"], folder / "worker.log"))
        yield Deployment(workers=(f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}"), inbox=inbox)
