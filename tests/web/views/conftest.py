"""View fixtures: page states of the shipped catalogs, as the configurator computes them (no database)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.catalog import Catalog, load_catalog
from app.catalog.configuration import Context
from app.services.configurator import PageState, configure

ROOT = Path(__file__).resolve().parents[3]
State = Callable[..., PageState]


@pytest.fixture(scope="session")
def shipped() -> dict[str, Catalog]:
    """Every shipped catalog, by id."""
    catalogs = [load_catalog(path) for path in sorted((ROOT / "catalog").glob("*.yaml"))]
    return {catalog.id: catalog for catalog in catalogs}


@pytest.fixture(scope="session")
def state(shipped: dict[str, Catalog]) -> State:
    """The page state of a product for form fields: `state("jeans", "jeans", inseam="28", locale="es")`."""

    def make(catalog_id: str, product_id: str, *, locale: str = "en", **fields: str | list[str]) -> PageState:
        items = [(name, value) for name, values in fields.items() for value in _listed(values)]
        return configure(shipped[catalog_id], product_id, items, Context(), locale)

    return make


def _listed(values: str | list[str]) -> list[str]:
    return values if isinstance(values, list) else [values]
