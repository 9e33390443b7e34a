"""The home page lists every product of every catalog; the API docs are served."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import get_settings
from app.services.catalogs.shelf import cached_shelf

DEMO = """\
id: demo
label: {en: Demo shop, es: Tienda demo}
products:
  - id: mug
    label: {en: Custom mug, es: Taza a medida}
    base_price: 1250
    modules:
      - id: look
        label: {en: Look}
        attributes:
          - {id: colour, kind: one_of, options: [{id: red}, {id: blue}]}
"""


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_on: FastAPI) -> Iterator[TestClient]:
    """The app on an empty database, seeded from a folder with one good catalog and one broken file."""
    (tmp_path / "demo.yaml").write_text(DEMO)
    (tmp_path / "broken.yaml").write_text("id: broken\nproducts: []\n")
    (tmp_path / "notes.txt").write_text("not a catalog")
    monkeypatch.setenv("TAILOR_CATALOG_DIR", str(tmp_path))
    get_settings.cache_clear()
    cached_shelf.cache_clear()
    yield TestClient(app_on)
    get_settings.cache_clear()
    cached_shelf.cache_clear()


def test_home_lists_products_with_price_and_modules(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Custom mug" in page.text
    assert "€12.50" in page.text
    assert "<li>Look</li>" in page.text
    assert "Demo shop · version 1" in page.text


def test_home_shows_catalog_problems_for_managers(client: TestClient) -> None:
    page = client.get("/")
    assert "broken.yaml:2:11: products: list should have at least 1 item" in page.text


def test_api_docs_and_catalog_summary(client: TestClient) -> None:
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "/api/docs-assets/swagger-ui-bundle.js" in docs.text
    assert client.get("/api/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Tailor"
    summaries = client.get("/api/catalogs").json()
    assert summaries[0]["products"][0]["options"] == 2
    assert client.get("/api/catalogs/demo").json()["products"][0]["id"] == "mug"
    missing = client.get("/api/catalogs/nope")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no catalog 'nope'"}
