"""The database: engines by URL (SQLite file by default, PostgreSQL by `TAILOR_DATABASE_URL`),
sessions, and schema migrations with Alembic (applied by `tailor serve` and `tailor db upgrade`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

import app.models  # noqa: F401  (registers every table)
from app.config import get_settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for `url`; SQLite files get their folder, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **options)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine of the configured database, its pool sized to the threads that use it.

    The routes run in a thread pool of `db_pool_size` threads (see `app.main`), each holding at most one
    connection while it works, so the pool never runs dry; the overflow covers the few moments when a
    finished request has not yet handed its connection back.
    """
    settings = get_settings()
    return make_engine(settings.database, pool_size=settings.db_pool_size, max_overflow=settings.db_pool_size,
                       pool_timeout=10)  # fmt: skip


def alembic_config(engine: Engine) -> Config:
    """Alembic's configuration for `engine` (no alembic.ini: the scripts live in app/migrations)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine | None = None, revision: str = "head") -> None:
    """Bring the schema of `engine` (the configured database by default) up to `revision`."""
    command.upgrade(alembic_config(engine or get_engine()), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema of `engine` back down to `revision` ("base": no tables)."""
    command.downgrade(alembic_config(engine), revision)


def get_session() -> Iterator[Session]:
    """A session for one request (FastAPI dependency)."""
    with Session(get_engine()) as session:
        yield session


@contextmanager
def schema_of_its_own(url: str, prefix: str) -> Iterator[Engine]:
    """An engine on a new PostgreSQL schema `<prefix>_<random>` of the database at `url`, dropped afterwards.

    Raises SQLAlchemy's OperationalError when the database cannot be reached (before anything exists).
    """
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception:
        admin.dispose()
        raise
    separator = "&" if "?" in url else "?"
    engine = make_engine(f"{url}{separator}options=-csearch_path%3D{schema}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
