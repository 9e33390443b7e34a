"""The two databases every persistence test runs on: a SQLite file and PostgreSQL.

PostgreSQL is `TAILOR_TEST_POSTGRES_URL` (default: the `test` database on 127.0.0.1:5432, user
postgres, trust auth). Each test session works in a schema of its own, dropped at the end, so
runs never see each other's rows; each test starts from empty tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

from app.db import make_engine, migrate, schema_of_its_own

POSTGRES_URL = os.environ.get("TAILOR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]


def sqlite_engine(folder: Path) -> Engine:
    """A migrated SQLite file in `folder`."""
    engine = make_engine(f"sqlite:///{folder / 'tailor.db'}")
    migrate(engine)
    return engine


def postgres_engine() -> Iterator[Engine]:
    """A migrated schema of its own in the PostgreSQL test database (skips when it is not reachable)."""
    with ExitStack() as stack:
        try:
            engine = stack.enter_context(schema_of_its_own(POSTGRES_URL, "tailor_test"))
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} ({reason}): the PostgreSQL half is skipped")
        migrate(engine)
        yield engine


def empty_tables(engine: Engine) -> None:
    """Delete every row (children first), so the next test starts clean."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())


def url_of(engine: Engine) -> str:
    """The engine's URL with its password, for `TAILOR_DATABASE_URL`."""
    return engine.url.render_as_string(hide_password=False)
