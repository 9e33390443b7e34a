"""`tailor` commands run as real child processes by the CLI tests, with their output kept for the report."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.mailbox import PATIENCE_SECONDS

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def tailor(arguments: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`tailor ARGUMENTS` in a child process (this interpreter, the settings of `os.environ`), stopped by SIGINT.

    Its output goes to `log`, printed when the test ends (pytest shows it when the test fails).
    """
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", *arguments], cwd=ROOT, stdout=output, stderr=output
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=PATIENCE_SECONDS)
            finally:
                if process.poll() is None:
                    process.kill()
                print(log.read_text(errors="replace"))


def wait_until(condition: Callable[[], bool], what: str, process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll `condition` until it holds; fail after `PATIENCE_SECONDS`, or as soon as `process` has ended."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        assert process is None or process.poll() is None, f"the process ended ({process.returncode}) before {what}"
        assert time.monotonic() < deadline, f"still not {what}"
        time.sleep(0.05)
