"""The instance's secret key: made once in the data folder, and a worker starting at the same moment never
reads it half written."""

from __future__ import annotations

import threading
from pathlib import Path

from app.keys import key_in


def test_workers_starting_together_read_one_whole_key(tmp_path: Path) -> None:
    keys: list[bytes] = []
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        keys.append(key_in(tmp_path / "data"))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1
    assert len(keys[0]) == 64
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret.key"], "no draft left behind"
