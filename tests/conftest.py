"""Shared fixtures: paths to the shipped catalogs and to the benchmark data in ../shared/bench."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
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
