"""A development mail sink: an SMTP server that keeps each message as an .eml file instead of sending it.

`tailor serve --demo` starts it when nothing listens on the SMTP port, so someone trying Tailor
can open the links the e-mails carry. It accepts mail from anyone and never relays: only ever
bind it to a local address.
"""

from __future__ import annotations

import signal
import socket
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from app.models.base import utcnow


class SaveToFolder:
    """An aiosmtpd handler: each message becomes `folder/<time>-<random>.eml`, announced in one line."""

    def __init__(self, folder: Path, announce: Callable[[str], None] = print) -> None:
        self.folder = folder
        self.announce = announce

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        """Save the message as it arrived and say who it is for and where it is."""
        content = envelope.original_content or b""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:6]}.eml"
        path.write_bytes(content)
        self.announce(f"mail to {', '.join(envelope.rcpt_tos)}: {path}")
        return "250 Message accepted for delivery"


def listening(host: str, port: int) -> bool:
    """Whether something accepts connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def run_sink(*, host: str, port: int, folder: Path, announce: Callable[[str], None] = print) -> None:
    """Serve the sink on host:port until SIGINT or SIGTERM."""
    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    controller = Controller(SaveToFolder(folder, announce), hostname=host, port=port)
    controller.start()
    previous = {number: signal.signal(number, on_signal) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.wait(1.0):
            pass
    finally:
        controller.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
