"""The diff page: two versions chosen in a form, structural and price changes linked to their parts,
configurations added and removed per context; bad versions refused; only catalog managers and admins."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.services.catalogs.jeans_drafts import dead_wash_draft
from tests.web.workspace.roles import assert_only_catalog_managers, manager

HTMX = {"HX-Request": "true"}


def draft(db: Engine, *, kill: bool = False) -> tuple[int, int]:
    with Session(db) as session:
        version = dead_wash_draft(session, kill=kill)
        return version.id or 0, version.number


def test_the_draft_against_the_version_in_force_shows_the_added_option_and_counts(app_on: FastAPI, db: Engine) -> None:
    version, number = draft(db)
    page = manager(app_on, db).get(f"/workspace/catalogs/jeans/diff?to={number}")
    assert page.status_code == 200
    assert '<option value="1" selected>' in page.text
    assert f'<option value="{number}" selected>' in page.text
    assert 'class="change-added"' in page.text
    assert f'href="/workspace/versions/{version}/products/jeans/attributes/wash/options/acid"' in page.text
    assert "€15.00" in page.text
    assert 'class="num moved"' in page.text
    assert 'class="won"' in page.text


def test_a_killing_rule_adds_no_configuration_and_links_the_rule(app_on: FastAPI, db: Engine) -> None:
    version, number = draft(db, kill=True)
    page = manager(app_on, db).get(f"/workspace/catalogs/jeans/diff?from=1&to={number}", headers=HTMX)
    assert "<html" not in page.text
    assert f'href="/workspace/versions/{version}/products/jeans/rules/acid_for_no_fit"' in page.text
    assert 'class="num moved"' not in page.text


def test_bad_versions_are_refused_with_a_message(app_on: FastAPI, db: Engine) -> None:
    draft(db)
    browser = manager(app_on, db)
    unknown = browser.get("/workspace/catalogs/jeans/diff?from=1&to=42")
    assert unknown.status_code == 404
    assert "42" in unknown.text
    assert browser.get("/workspace/catalogs/nope/diff").status_code == 404
    malformed = browser.get("/workspace/catalogs/jeans/diff?from=one&to=2")
    assert malformed.status_code == 422
    assert "from" in malformed.text
    assert browser.get("/workspace/catalogs/jeans/diff?from=0").status_code == 422


def test_only_catalog_managers_see_a_diff(app_on: FastAPI, db: Engine) -> None:
    _, number = draft(db)
    assert_only_catalog_managers(app_on, db, lambda client: client.get(f"/workspace/catalogs/jeans/diff?to={number}"))


def test_a_drafts_page_links_to_its_diff_against_the_version_in_force(app_on: FastAPI, db: Engine) -> None:
    version, number = draft(db)
    page = manager(app_on, db).get(f"/workspace/versions/{version}")
    assert f'href="/workspace/catalogs/jeans/diff?to={number}"' in page.text
    assert "css/workspace-analysis.css" in page.text
