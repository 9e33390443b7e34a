"""Identity fixtures: the PostgreSQL test database for the postgres backend of the linkage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import OperationalError

from tests.databases import POSTGRES_URL


@pytest.fixture(scope="module")
def postgres() -> Iterator[Engine]:
    """An engine on the PostgreSQL test database (skips where it is not reachable)."""
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} ({reason}): the postgres backend is not tested")
    yield engine
    engine.dispose()
