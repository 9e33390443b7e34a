"""The instance's secret key: made once in the data folder, and a worker starting at the same moment never
reads it half written."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.keys import secret_key
from tests.mailbox import use_settings


def test_workers_starting_together_read_one_whole_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_settings(monkeypatch, secret_key="", data_dir=tmp_path / "data")
    keys: list[bytes] = []
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        keys.append(secret_key())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1
    assert len(keys[0]) == 64
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret.key"], "no draft left behind"
