"""The huey instance for a queue URL: SQLite in the data folder when empty, Redis for redis:// URLs."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from huey import RedisHuey, SqliteHuey  # type: ignore[import-untyped]

REDIS_SCHEMES = ("redis", "rediss", "unix")


def make_huey(*, url: str, data_dir: Path, name: str) -> Any:
    """A huey queue named `name`: `data_dir/jobs.db` when `url` is empty, Redis for a redis:// URL."""
    if not url:
        data_dir.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(data_dir / "jobs.db"), results=False)
    if urlsplit(url).scheme in REDIS_SCHEMES:
        return RedisHuey(name, url=url, results=False)
    raise ValueError(f"TAILOR_QUEUE_URL must be empty (SQLite) or a redis:// URL, not {describe_queue(url, data_dir)}")


def describe_queue(url: str, data_dir: Path) -> str:
    """Where jobs wait, for people (no password)."""
    if not url:
        return f"SQLite file {data_dir / 'jobs.db'}"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"
