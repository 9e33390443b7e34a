"""Two app workers on one database both serve a publish from its effective moment on, without a restart."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import get_session
from app.main import create_app
from app.models.base import utcnow
from app.services.catalogs.documents import document_of
from app.services.catalogs.shelf import published_catalog
from app.services.catalogs.versions import publish


def worker(db: Engine) -> TestClient:
    """One more app object with its own sessions on the test database."""
    application: FastAPI = create_app()

    def session() -> Iterator[Session]:
        with Session(db) as opened:
            yield opened

    application.dependency_overrides[get_session] = session
    return TestClient(application)


def base_price(client: TestClient) -> int:
    found: int = client.get("/api/catalogs/jeans").json()["products"][0]["base_price"]
    return found


def test_both_workers_see_a_publish_without_a_restart(db: Engine) -> None:
    first, second = worker(db), worker(db)
    before = base_price(first)
    assert base_price(second) == before
    with Session(db) as session:
        document = document_of(published_catalog(session=session, catalog_id="jeans"))
        document["products"][0]["base_price"] = before + 1000
        publish(session=session, catalog_id="jeans", document=document, effective_from=utcnow() + timedelta(days=1))
    assert (base_price(first), base_price(second)) == (before, before)
    with Session(db) as session:
        document["products"][0]["base_price"] = before + 500
        publish(session=session, catalog_id="jeans", document=document)
    assert (base_price(first), base_price(second)) == (before + 500, before + 500)
