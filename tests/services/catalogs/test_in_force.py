"""The version in force: a version effective tomorrow serves from tomorrow, a retired one no more (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session

from app.errors import NotFoundError
from app.services.catalogs.documents import document_of
from app.services.catalogs.in_force import catalog_in_force, export, version_in_force, versions_in_force
from app.services.catalogs.shelf import published_catalog
from app.services.catalogs.versions import publish, retire

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
TOMORROW = NOW + timedelta(days=1)


def repriced(session: Session, base_price: int) -> dict[str, Any]:
    document = document_of(published_catalog(session=session, catalog_id="jeans"))
    document["products"][0]["base_price"] = base_price
    return document


def test_a_version_effective_tomorrow_is_in_force_from_tomorrow(session: Session) -> None:
    first = published_catalog(session=session, catalog_id="jeans", on=NOW)
    later = publish(session=session, catalog_id="jeans", document=repriced(session, 9999), effective_from=TOMORROW,
                    notes="new price")  # fmt: skip
    assert later.number == 2
    assert catalog_in_force(session=session, catalog_id="jeans", on=NOW) is first
    assert catalog_in_force(session=session, catalog_id="jeans", on=TOMORROW).products[0].base_price == 9999
    found = version_in_force(session=session, catalog_id="jeans", on=TOMORROW + timedelta(hours=1))
    assert found is not None
    assert found.number == 2
    retire(session=session, version_id=int(later.id or 0))
    assert catalog_in_force(session=session, catalog_id="jeans", on=TOMORROW) is first


def test_every_catalog_has_one_version_in_force(session: Session) -> None:
    published_catalog(session=session, catalog_id="jeans")
    publish(session=session, catalog_id="jeans", document=repriced(session, 1), effective_from=TOMORROW)
    now = {found.catalog_id: found.number for found in versions_in_force(session=session, on=NOW)}
    later = {found.catalog_id: found.number for found in versions_in_force(session=session, on=TOMORROW)}
    assert now["jeans"] == 1
    assert later == {**now, "jeans": 2}


def test_export_writes_the_version_asked_for_or_the_one_in_force(session: Session) -> None:
    publish(session=session, catalog_id="jeans", document=repriced(session, 4242), effective_from=TOMORROW)
    assert "base_price: 4242" in export(session=session, catalog_id="jeans", number=2)
    assert "base_price: 4242" not in export(session=session, catalog_id="jeans")
    assert '"base_price": 4242' in export(session=session, catalog_id="jeans", number=2, json_format=True)
    with pytest.raises(NotFoundError, match="no version 3 of catalog 'jeans'"):
        export(session=session, catalog_id="jeans", number=3)
