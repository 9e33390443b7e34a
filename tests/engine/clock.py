"""A loaded machine, simulated: a monotonic clock that jumps forward each time it is read."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from unittest.mock import patch


class JumpingClock:
    """`time.monotonic` on a machine so loaded that `step` seconds pass each time the clock is read."""

    def __init__(self, step: float) -> None:
        self.now = time.monotonic()
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@contextmanager
def loaded(step: float) -> Iterator[None]:
    """Every reading of the monotonic clock, in every module, finds `step` more seconds gone."""
    with patch.object(time, "monotonic", JumpingClock(step)):
        yield
