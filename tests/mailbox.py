"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd on a free port) that keeps what it receives.

`settings_for` points the app at it and at the test's database, as the worker would be configured; a
test module makes the two its fixture.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy.engine import Engine

from app.config import get_settings
from app.db import get_engine
from tests.databases import url_of

PATIENCE_SECONDS = 120.0
"""How long a test waits for mail that should come: far past need, so load never fails a test."""


@dataclass
class Inbox:
    """What the test SMTP server received: the messages and their envelope recipients, in order."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    """Recipients answered with 550 (no such mailbox)."""

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.messages.append(message_from_bytes(envelope.original_content or b"", policy=policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def wait_for(self, count: int) -> list[EmailMessage]:
        """The messages once `count` have come (polling); fails after `PATIENCE_SECONDS`."""
        deadline = time.monotonic() + PATIENCE_SECONDS
        while len(self.messages) < count:
            assert time.monotonic() < deadline, f"{len(self.messages)} of {count} e-mails came"
            time.sleep(0.05)
        return list(self.messages)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    """A real SMTP server on a free port of 127.0.0.1, stopped afterwards."""
    box = Inbox(port=free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@contextmanager
def settings_for(db: Engine, inbox: Inbox, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app's settings pointed at the test's database, a data folder (job queue) of its own, and `inbox`."""
    use_settings(monkeypatch, database_url=url_of(db), data_dir=data_dir, smtp_port=inbox.port)
    get_engine.cache_clear()
    try:
        yield
    finally:
        get_engine().dispose()
        get_settings.cache_clear()
        get_engine.cache_clear()


def use_settings(monkeypatch: pytest.MonkeyPatch, **values: object) -> None:
    """Set `TAILOR_<NAME>` for each value and make the app read its settings again."""
    for name, value in values.items():
        monkeypatch.setenv(f"TAILOR_{name.upper()}", str(value))
    get_settings.cache_clear()
