"""Shared fixtures: the shipped catalogs, the benchmark data in ../shared/bench, and both databases."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.databases import BACKENDS, empty_tables, postgres_engine, sqlite_engine

ROOT = Path(__file__).resolve().parents[1]
# The app's data folder (SQLite file, secret key) is the test session's own, never the user's.
os.environ["TAILOR_DATA_DIR"] = tempfile.mkdtemp(prefix="tailor-test-data-")
# A published catalog version compiles as it is published (no worker runs in tests; tests of the worker say so).
os.environ.setdefault("TAILOR_CATALOG_COMPILE_INLINE", "1")
CATALOG_DIR = ROOT / "catalog"
BENCH_DIR = ROOT.parent / "shared" / "bench"


@pytest.fixture(autouse=True, scope="session")
def engine_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Compiled products go to a folder of the test session, not to the user's cache."""
    folder = tmp_path_factory.mktemp("engine-cache")
    previous = os.environ.get("TAILOR_ENGINE_CACHE")
    os.environ["TAILOR_ENGINE_CACHE"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("TAILOR_ENGINE_CACHE", None)
    else:
        os.environ["TAILOR_ENGINE_CACHE"] = previous


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    """The shared benchmark data; tests that need it skip, with the reason, where it is absent."""
    if not BENCH_DIR.is_dir():
        pytest.skip(f"benchmark data not found at {BENCH_DIR} (only present beside the team's clone and in CI)")
    return BENCH_DIR


@pytest.fixture(scope="session")
def catalog_dir() -> Path:
    """The shipped catalogs folder."""
    return CATALOG_DIR


@pytest.fixture(scope="session", params=BACKENDS)
def db_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated database, once per backend: a SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        engine = sqlite_engine(tmp_path_factory.mktemp("sqlite"))
        yield engine
        engine.dispose()
    else:
        yield from postgres_engine()


@pytest.fixture
def db(db_engine: Engine) -> Iterator[Engine]:
    """The database with empty tables for one test."""
    empty_tables(db_engine)
    yield db_engine
    empty_tables(db_engine)


@pytest.fixture
def session(db: Engine) -> Iterator[Session]:
    """A session on the empty database of one test (run on both backends)."""
    with Session(db) as opened:
        yield opened
