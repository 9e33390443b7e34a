"""The workspace's front: the catalogs, one catalog's versions; only catalog managers and admins."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.models.base import utcnow
from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft, latest_version, publish
from tests.web.accounts import account
from tests.web.workspace.roles import assert_only_catalog_managers, manager


def test_the_catalogs_list_each_with_the_version_in_force(app_on: FastAPI, db: Engine) -> None:
    with Session(db) as session:
        seed_catalogs(session=session)
        create_draft(session=session, catalog_id="jeans")
    page = manager(app_on, db).get("/workspace")
    assert page.status_code == 200
    assert '/workspace/catalogs/jeans"' in page.text
    row = page.text.split('/workspace/catalogs/jeans"')[1].split("</tr>")[0]
    assert "v1" in row
    assert '<td class="num">1</td>' in row


def test_a_catalogs_versions_say_which_is_in_force_and_which_is_scheduled(app_on: FastAPI, db: Engine) -> None:
    with Session(db) as session:
        seed_catalogs(session=session)
        document = latest_version(session=session, catalog_id="jeans").document
        publish(session=session, catalog_id="jeans", document=document, effective_from=utcnow() + timedelta(days=1))
        create_draft(session=session, catalog_id="jeans")
    page = manager(app_on, db).get("/workspace/catalogs/jeans")
    assert page.status_code == 200
    rows = page.text.split("<tbody>")[1].split("</tr>")
    assert "v3" in rows[0]
    assert "draft" in rows[0]
    assert "v2" in rows[1]
    assert "scheduled" in rows[1]
    assert "v1" in rows[2]
    assert "in force" in rows[2]


def test_an_unknown_catalog_is_not_found(app_on: FastAPI, db: Engine) -> None:
    assert manager(app_on, db).get("/workspace/catalogs/nothing").status_code == 404


def test_admins_see_the_workspace_and_the_nav_leads_there(app_on: FastAPI, db: Engine) -> None:
    admin = account(app_on, db, "boss@example.com", "admin")
    assert admin.get("/workspace").status_code == 200
    assert '/workspace"' in admin.get("/").text
    customer = account(app_on, db, "ana@example.com", "customer")
    assert '/workspace"' not in customer.get("/").text


def test_only_catalog_managers_open_the_workspace(app_on: FastAPI, db: Engine) -> None:
    assert_only_catalog_managers(app_on, db, lambda client: client.get("/workspace"))


def test_only_catalog_managers_see_a_catalogs_versions(app_on: FastAPI, db: Engine) -> None:
    with Session(db) as session:
        seed_catalogs(session=session)
    assert_only_catalog_managers(app_on, db, lambda client: client.get("/workspace/catalogs/jeans"))
