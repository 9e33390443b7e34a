"""Drafts as a whole (SQLite and PostgreSQL): started from any version, uploaded from a file or a model,
edited as YAML with located problems and a stale-copy guard, discarded."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.catalog import CatalogError
from app.catalog.importers import ModelImportError
from app.catalog.limits import MAX_UVL_BYTES
from app.config import get_settings
from app.errors import ConflictError, NotFoundError, TailorError, TooLargeError
from app.models import CatalogApproval, CatalogEdit, CatalogVersion
from app.services.catalogs.drafts import (
    StaleCopyError,
    discard_draft,
    save_draft_text,
    start_draft,
    text_differences,
    upload_draft,
    version_text,
)
from app.services.catalogs.publishing import publish_version
from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft, edit_draft, publish_draft, version_of
from tests.mailbox import use_settings
from tests.services.catalogs.publishing_data import managers

UVL = "features\n    jeans\n        optional\n            Pocket\n            Rivets\n"


def draft(session: Session) -> CatalogVersion:
    seed_catalogs(session=session)
    return create_draft(session=session, catalog_id="jeans")


def test_a_draft_starts_from_any_version(session: Session) -> None:
    first = draft(session)
    edited = version_text(first).replace("base_price: 8900", "base_price: 9900", 1)
    save_draft_text(session=session, version_id=first.id or 0, text=edited, edited_from=first.content_hash)
    latest = start_draft(session=session, catalog_id="jeans")
    assert latest.number == 3
    assert latest.document["products"][0]["base_price"] == 9900
    older = start_draft(session=session, catalog_id="jeans", from_number=1)
    assert older.number == 4
    assert older.document["products"][0]["base_price"] == 8900
    assert older.status == "draft"
    assert older.notes == "from version 1"
    with pytest.raises(NotFoundError):
        start_draft(session=session, catalog_id="jeans", from_number=99)
    with pytest.raises(NotFoundError):
        start_draft(session=session, catalog_id="nope")


def test_yaml_text_saves_and_logs_each_field_with_its_author(session: Session) -> None:
    version = draft(session)
    text = version_text(version).replace("base_price: 8900", "base_price: 9900", 1)
    saved = save_draft_text(session=session, version_id=version.id or 0, text=text, edited_from=version.content_hash)
    assert saved.document["products"][0]["base_price"] == 9900
    edits = session.exec(select(CatalogEdit).where(CatalogEdit.version_id == version.id)).all()
    assert [(edit.path, edit.old_value, edit.new_value) for edit in edits] == [
        ("products[jeans].base_price", "8900", "9900")
    ]


def test_a_negative_price_is_refused_at_its_line(session: Session) -> None:
    version = draft(session)
    text = version_text(version)
    bad = text.replace("base_price: 8900", "base_price: -5", 1)
    with pytest.raises(CatalogError) as raised:
        save_draft_text(session=session, version_id=version.id or 0, text=bad, edited_from=version.content_hash)
    issue = raised.value.issues[0]
    assert issue.line == text.splitlines().index("  base_price: 8900") + 1
    assert issue.path == "products[0].base_price"
    assert session.get(CatalogVersion, version.id).document == version.document  # type: ignore[union-attr]


def test_a_yaml_syntax_error_names_its_line(session: Session) -> None:
    version = draft(session)
    bad = version_text(version).replace("products:", "products:\n  - id: [", 1)
    with pytest.raises(CatalogError) as raised:
        save_draft_text(session=session, version_id=version.id or 0, text=bad, edited_from=version.content_hash)
    assert raised.value.issues[0].line is not None


def test_a_stale_copy_is_refused_with_the_current_text(session: Session) -> None:
    version = draft(session)
    old_hash, text = version.content_hash, version_text(version)
    save_draft_text(session=session, version_id=version.id or 0, edited_from=old_hash,
                    text=text.replace("base_price: 8900", "base_price: 9100", 1))  # fmt: skip
    with pytest.raises(StaleCopyError) as raised:
        save_draft_text(session=session, version_id=version.id or 0, edited_from=old_hash,
                        text=text.replace("base_price: 8900", "base_price: 9200", 1))  # fmt: skip
    assert "base_price: 9100" in raised.value.current_text
    assert session.get(CatalogVersion, version.id).document["products"][0]["base_price"] == 9100  # type: ignore[union-attr]


def test_a_published_version_cannot_be_edited_or_discarded(session: Session) -> None:
    version = draft(session)
    published = publish_draft(session=session, version_id=version.id or 0)
    with pytest.raises(ConflictError):
        save_draft_text(session=session, version_id=published.id or 0, text="", edited_from=published.content_hash)
    with pytest.raises(ConflictError):
        discard_draft(session=session, version_id=published.id or 0)


def test_discarding_a_draft_deletes_it_and_its_log(session: Session) -> None:
    version = draft(session)
    document = {**version.document, "version": "changed"}
    edit_draft(session=session, version_id=version.id or 0, document=document)
    assert discard_draft(session=session, version_id=version.id or 0) == "jeans"
    assert session.get(CatalogVersion, version.id) is None
    assert not session.exec(select(CatalogEdit)).all()
    with pytest.raises(NotFoundError):
        discard_draft(session=session, version_id=version.id or 0)


def test_an_uploaded_catalog_lands_in_a_new_draft(session: Session) -> None:
    version = draft(session)
    text = version_text(version).replace("base_price: 8900", "base_price: 9500", 1)
    uploaded = upload_draft(session=session, catalog_id="jeans", filename="C:\\mine\\jeans.yaml", data=text.encode())
    assert uploaded.version.status == "draft"
    assert uploaded.version.number == 3
    assert uploaded.version.document["products"][0]["base_price"] == 9500
    assert uploaded.version.notes == "uploaded from jeans.yaml"
    assert version_of(session=session, catalog_id="jeans", number=1).document["products"][0]["base_price"] == 8900


def test_an_imported_model_lands_in_a_new_draft_of_this_catalog(session: Session) -> None:
    seed_catalogs(session=session)
    uploaded = upload_draft(session=session, catalog_id="jeans", filename="Jeans.uvl", data=UVL.encode())
    assert uploaded.version.status == "draft"
    assert uploaded.version.document["id"] == "jeans"


def test_bad_uploads_say_what_is_wrong(session: Session) -> None:
    version = draft(session)
    other = version_text(version).replace("id: jeans", "id: shirts", 1).encode()
    with pytest.raises(TailorError, match="is catalog 'shirts', not 'jeans'"):
        upload_draft(session=session, catalog_id="jeans", filename="shirts.yaml", data=other)
    with pytest.raises(TooLargeError):
        upload_draft(session=session, catalog_id="jeans", filename="big.uvl", data=b" " * (MAX_UVL_BYTES + 1))
    with pytest.raises(TailorError, match="not a catalog file"):
        upload_draft(session=session, catalog_id="jeans", filename="notes.txt", data=b"hello")
    with pytest.raises(CatalogError):
        upload_draft(session=session, catalog_id="jeans", filename="jeans.yaml", data=b"\xff\xfe")
    with pytest.raises(ModelImportError) as raised:
        upload_draft(session=session, catalog_id="jeans", filename="model.xml", data=b"<html></html>")
    assert "tailor-upload" not in raised.value.message
    assert "model.xml" in raised.value.message
    with pytest.raises(NotFoundError):
        upload_draft(session=session, catalog_id="nope", filename="x.yaml", data=b"id: x")
    drafts = session.exec(select(CatalogVersion).where(CatalogVersion.status == "draft")).all()
    assert [found.id for found in drafts] == [version.id]  # nothing refused was kept


def test_a_featureide_model_is_told_from_xcsp_and_imported(session: Session) -> None:
    seed_catalogs(session=session)
    model = b'<?xml version="1.0"?>\n<featureModel><struct><and abstract="true" mandatory="true" name="Jeans">'
    model += b'<feature name="Pocket"/><feature name="Rivets"/></and></struct></featureModel>'
    uploaded = upload_draft(session=session, catalog_id="jeans", filename="jeans.xml", data=model)
    assert uploaded.version.document["id"] == "jeans"
    assert uploaded.version.notes.startswith("uploaded from jeans.xml")


def test_an_xcsp_instance_is_imported_into_a_draft(session: Session) -> None:
    seed_catalogs(session=session)
    model = (
        b'<instance>\n<domains nbDomains="1">\n<domain name="D0" nbValues="3">0..2</domain>\n</domains>\n'
        b'<variables nbVariables="2">\n<variable name="a" domain="D0"/>\n<variable name="b" domain="D0"/>\n'
        b'</variables>\n<relations nbRelations="1">\n'
        b'<relation name="R0" arity="2" nbTuples="1" semantics="conflicts">1 1</relation>\n</relations>\n'
        b'<constraints nbConstraints="1">\n<constraint name="C0" arity="2" scope="a b" reference="R0"/>\n'
        b"</constraints>\n</instance>\n"
    )
    uploaded = upload_draft(session=session, catalog_id="jeans", filename="small.xml", data=model)
    assert uploaded.version.document["id"] == "jeans"
    assert uploaded.version.status == "draft"


def test_text_differences_show_where_two_texts_part() -> None:
    assert text_differences("a\nb\nc\n", "a\nB\nc\n") == ["@@ -1,3 +1,3 @@", " a", "-b", "+B", " c"]
    assert len(text_differences("x\n" * 10, "y\n" * 10, limit=4)) == 4


def test_a_draft_awaiting_approval_can_be_discarded(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    version = draft(session)
    use_settings(monkeypatch, catalog_second_approver=True)
    try:
        asked = publish_version(session=session, version_id=version.id or 0, author_id=managers(session)[0])
        assert asked.approval is not None
        discard_draft(session=session, version_id=version.id or 0)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert session.get(CatalogVersion, version.id) is None
    assert not session.exec(select(CatalogApproval)).all()
