"""One version's page: its status, its analysis panel; only catalog managers and admins."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft
from tests.web.workspace.roles import assert_only_catalog_managers, manager


def draft_id(db: Engine) -> int:
    with Session(db) as session:
        seed_catalogs(session=session)
        return create_draft(session=session, catalog_id="jeans").id or 0


def test_a_drafts_page_says_what_it_is_and_asks_for_its_analysis(app_on: FastAPI, db: Engine) -> None:
    version = draft_id(db)
    page = manager(app_on, db).get(f"/workspace/versions/{version}")
    assert page.status_code == 200
    assert "v2" in page.text
    assert 'class="status status-draft"' in page.text
    assert f'hx-get="/workspace/versions/{version}/analysis"' in page.text


def test_an_unknown_version_is_not_found(app_on: FastAPI, db: Engine) -> None:
    assert manager(app_on, db).get("/workspace/versions/999999").status_code == 404


def test_only_catalog_managers_open_a_version(app_on: FastAPI, db: Engine) -> None:
    version = draft_id(db)
    assert_only_catalog_managers(app_on, db, lambda client: client.get(f"/workspace/versions/{version}"))
