"""Shared set-up of the CLI tests: the commands pointed at the test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from app.config import get_settings
from app.db import get_engine
from tests.databases import url_of


@pytest.fixture
def configured(db: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The test database as the configured one (`TAILOR_DATABASE_URL`), for commands that open their own."""
    monkeypatch.setenv("TAILOR_DATABASE_URL", url_of(db))
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield db
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()
