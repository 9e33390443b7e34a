"""Shared fixtures: paths to the shipped catalogs and to the benchmark data in ../shared/bench."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOG_DIR = ROOT / "catalog"
BENCH_DIR = ROOT.parent / "shared" / "bench"


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
