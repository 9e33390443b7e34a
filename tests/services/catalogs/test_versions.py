"""Catalog versions in the database (SQLite and PostgreSQL): the seed, publishing for a later date,
drafts and their edit log, immutability, and saved configurations kept on their exact version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from app.catalog import CatalogError
from app.catalog.configuration import Context
from app.errors import ConflictError, TailorError
from app.models import CatalogEdit, CatalogVersion
from app.services.catalogs.documents import content_hash, document_of, hash_of
from app.services.catalogs.shelf import catalog_made_on, published_catalog, published_shelf
from app.services.catalogs.versions import (
    create_draft,
    edit_draft,
    publish,
    publish_draft,
    version_of,
    versions,
)
from app.services.configurator.flow import reopen_saved
from app.services.configurator.saved import save_configuration

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
TOMORROW = NOW + timedelta(days=1)


def repriced(session: Session, base_price: int, version: str = "2") -> dict[str, Any]:
    """The jeans document in force now, with another base price and document version."""
    document = document_of(published_catalog(session=session, catalog_id="jeans"))
    document["version"] = version
    document["products"][0]["base_price"] = base_price
    return document


def test_an_empty_database_is_seeded_from_the_catalog_folder_once(session: Session) -> None:
    shelf = published_shelf(session=session)
    assert {c.id for c in shelf.catalogs} >= {"jeans", "bikes", "business"}
    jeans = versions(session=session, catalog_id="jeans")
    assert [(v.number, v.status, v.notes) for v in jeans] == [(1, "published", "seed")]
    assert jeans[0].content_hash == content_hash(jeans[0].document)
    published_shelf(session=session)
    assert len(versions(session=session, catalog_id="jeans")) == 1


def test_a_published_version_never_changes(session: Session) -> None:
    published_shelf(session=session)
    seeded = version_of(session=session, catalog_id="jeans", number=1)
    with pytest.raises(ConflictError, match="version 1 of catalog 'jeans' is published: it cannot change"):
        edit_draft(session=session, version_id=int(seeded.id or 0), document=repriced(session, 1))
    with pytest.raises(ConflictError):
        publish_draft(session=session, version_id=int(seeded.id or 0))


def test_a_draft_logs_every_changed_field_and_is_not_in_force_until_published(session: Session) -> None:
    before = published_catalog(session=session, catalog_id="jeans")
    draft = create_draft(session=session, catalog_id="jeans")
    assert (draft.number, draft.status, draft.content_hash) == (2, "draft", hash_of(before))
    edit_draft(session=session, version_id=int(draft.id or 0), document=repriced(session, 12345))
    edits = session.exec(select(CatalogEdit).where(CatalogEdit.version_id == draft.id)).all()
    assert {(e.path, e.new_value) for e in edits} == {("version", '"2"'), ("products[jeans].base_price", "12345")}
    assert published_catalog(session=session, catalog_id="jeans") is before
    publish_draft(session=session, version_id=int(draft.id or 0), effective_from=NOW)
    assert published_catalog(session=session, catalog_id="jeans").products[0].base_price == 12345


def test_a_bad_document_is_refused_with_its_problems_placed(session: Session) -> None:
    document = repriced(session, -5)
    with pytest.raises(CatalogError, match=r"products\[0\]\.base_price"):
        publish(session=session, catalog_id="jeans", document=document)
    with pytest.raises(TailorError, match="the document is catalog 'jeans', not 'bikes'"):
        publish(session=session, catalog_id="bikes", document=repriced(session, 100))
    assert len(versions(session=session, catalog_id="jeans")) == 1
    assert session.exec(select(CatalogVersion).where(CatalogVersion.status == "draft")).first() is None


def test_a_saved_configuration_reopens_on_its_own_version_after_a_newer_publish(session: Session) -> None:
    catalog = published_catalog(session=session, catalog_id="jeans")
    saved, code = save_configuration(session=session, catalog=catalog, product_id="jeans",
                                     choices={"fit": "relaxed"}, visitor="v")  # fmt: skip
    assert saved.catalog_hash == hash_of(catalog)
    publish(session=session, catalog_id="jeans", document=repriced(session, 7777), effective_from=NOW)
    kept = catalog_made_on(session=session, catalog_id="jeans", digest=saved.catalog_hash)
    assert kept is catalog
    assert published_catalog(session=session, catalog_id="jeans").products[0].base_price == 7777
    reopened = reopen_saved(session=session, code=code, private=True, context=Context(values={}), locale="en")
    assert reopened.outdated
