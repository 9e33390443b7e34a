"""What the workspace lists: catalogs with the version in force, drafts and scheduled versions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.models.base import utcnow
from app.services.catalogs.listing import catalog_rows, version_row, version_rows
from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft, latest_version, publish


def test_rows_count_drafts_and_scheduled_versions(db: Engine) -> None:
    with Session(db) as session:
        seed_catalogs(session=session)
        document = latest_version(session=session, catalog_id="jeans").document
        publish(session=session, catalog_id="jeans", document=document, effective_from=utcnow() + timedelta(hours=2))
        create_draft(session=session, catalog_id="jeans")
        jeans = next(row for row in catalog_rows(session=session) if row.id == "jeans")
        assert (jeans.in_force, jeans.drafts, jeans.scheduled, jeans.versions) == (1, 1, 1, 3)
        listed = version_rows(session=session, catalog_id="jeans")
        assert [(row.number, row.status, row.in_force, row.scheduled) for row in listed] == [
            (3, "draft", False, False), (2, "published", False, True), (1, "published", True, False)
        ]  # fmt: skip


def test_an_unknown_catalog_has_no_versions(db: Engine) -> None:
    with Session(db) as session:
        assert version_rows(session=session, catalog_id="nothing") == []


def test_one_version_row_by_its_id(db: Engine) -> None:
    with Session(db) as session:
        seed_catalogs(session=session)
        draft = create_draft(session=session, catalog_id="jeans")
        row = version_row(session=session, version_id=draft.id or 0)
        assert (row.number, row.status, row.in_force) == (2, "draft", False)
