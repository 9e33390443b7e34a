"""The processes `tailor serve` runs beside the web server: the worker and, for the demo, a mail sink."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from app.config import get_settings
from app.mail.sink import listening

GRACE_SECONDS = 15.0
"""How long a child may take to finish what it is doing once asked to stop, before it is killed."""


@contextmanager
def beside_the_server(*, worker: bool, mail_sink: bool) -> Iterator[dict[str, subprocess.Popen[bytes]]]:
    """Start the mail sink (when asked and nothing listens on the SMTP port) and the worker; stop both after.

    Yields the processes started, by what they are, in words.
    """
    settings = get_settings()
    started: dict[str, subprocess.Popen[bytes]] = {}
    with ExitStack() as stack:
        if mail_sink and not listening(settings.smtp_host, settings.smtp_port):
            where = f"a development mail sink on {settings.smtp_host}:{settings.smtp_port}"
            started[where] = stack.enter_context(child(["mail-sink"]))
        if worker:
            started["the worker"] = stack.enter_context(child(["worker"]))
        yield started


@contextmanager
def child(arguments: list[str]) -> Iterator[subprocess.Popen[bytes]]:
    """`tailor ARGUMENTS` in a child process, asked to stop (SIGINT) on the way out and killed if it lingers.

    It gets a session of its own, so a Ctrl+C in the terminal reaches this process only, and the
    child hears one orderly SIGINT from it.
    """
    process = subprocess.Popen([sys.executable, "-m", "app.cli", *arguments], start_new_session=True)
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask `process` to stop, wait for it, and kill it if it is still there after `GRACE_SECONDS`."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
