"""A published version is compiled by the worker into the shared engine cache (both databases)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from app.config import get_settings
from app.engine.cache import Cache, content_key
from app.jobs import get_jobs
from app.services.catalogs.documents import document_of
from app.services.catalogs.shelf import published_catalog
from app.services.catalogs.versions import publish
from app.services.catalogs.warming import warm_version
from tests.mailbox import use_settings


@pytest.fixture
def own_queue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A job queue of the test's own (in its data folder); the settings are read again afterwards."""
    use_settings(monkeypatch, data_dir=tmp_path, queue_name=f"warm-{tmp_path.name}", catalog_compile_inline=False)
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.mark.usefixtures("own_queue")
def test_publishing_enqueues_the_compile_and_the_worker_fills_the_shared_cache(session: Session) -> None:
    document = document_of(published_catalog(session=session, catalog_id="business"))
    document["version"] = "warmed"
    version = publish(session=session, catalog_id="business", document=document)
    jobs = get_jobs()
    assert jobs.huey.pending_count() == 1
    jobs.huey.flush()
    done = warm_version(session=session, catalog_id="business", number=version.number)
    catalog = published_catalog(session=session, catalog_id="business")
    assert done == [product.id for product in catalog.products]
    assert all(Cache().read(content_key(catalog, product_id)) is not None for product_id in done)
