"""Web fixtures: the app on the test database of each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import get_session, migrate
from app.main import create_app


@pytest.fixture(autouse=True, scope="session")
def own_database() -> None:
    """The app's own database (a SQLite file in the test session's data folder), migrated, for the tests
    that use the app as it is (its catalogs are read from the database)."""
    migrate()


@pytest.fixture
def app_on(db: Engine) -> FastAPI:
    """The app with its sessions on the test database (SQLite, then PostgreSQL)."""
    application = create_app()

    def session() -> Iterator[Session]:
        with Session(db) as opened:
            yield opened

    application.dependency_overrides[get_session] = session
    return application
