"""A version's analysis panel: findings linked to rules and options, progress that polls while a run
goes on, reuse by content hash, a stale run recovered; only catalog managers and admins."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import AnalysisRun
from app.models.base import utcnow
from tests.services.catalogs.jeans_drafts import dead_wash_draft
from tests.web.workspace.roles import assert_only_catalog_managers, manager

HTMX = {"HX-Request": "true"}


def draft(db: Engine) -> tuple[int, str]:
    with Session(db) as session:
        version = dead_wash_draft(session)
        return version.id or 0, version.content_hash


def running(db: Engine, digest: str, *, age: timedelta = timedelta(0)) -> None:
    """A run of the analysis of `digest` today that a worker is on (or was, `age` ago)."""
    with Session(db) as session:
        when = utcnow() - age
        current = "jeans: context group tier=retain (2/6)"
        row = AnalysisRun(kind="analysis", catalog_id="jeans", key=digest, on=utcnow().date(), total=1, current=current)
        row.started_at = row.updated_at = when
        session.add(row)
        session.commit()


def test_the_fragment_flags_the_dead_option_with_the_rule_that_kills_it(app_on: FastAPI, db: Engine) -> None:
    version, _ = draft(db)
    page = manager(app_on, db).get(f"/workspace/versions/{version}/analysis", headers=HTMX)
    assert page.status_code == 200
    assert "<html" not in page.text
    assert 'data-kind="dead_option"' in page.text
    assert f'href="/workspace/versions/{version}/products/jeans/attributes/wash/options/acid"' in page.text
    assert f'href="/workspace/versions/{version}/products/jeans/rules/acid_for_no_fit"' in page.text
    assert "Acid wash is not made in this fit." in page.text
    assert "every 1s" not in page.text


def test_without_htmx_it_is_a_page_in_the_readers_language(app_on: FastAPI, db: Engine) -> None:
    version, _ = draft(db)
    browser = manager(app_on, db)
    browser.cookies.set("lang", "es")
    page = browser.get(f"/workspace/versions/{version}/analysis", headers={"accept-language": "es"})
    assert page.status_code == 200
    assert "<html" in page.text
    assert "Opción muerta" in page.text


def test_a_running_analysis_shows_its_progress_and_polls(app_on: FastAPI, db: Engine) -> None:
    version, digest = draft(db)
    running(db, digest)
    page = manager(app_on, db).get(f"/workspace/versions/{version}/analysis", headers=HTMX)
    assert "0 of 1 products" in page.text
    assert 'hx-trigger="every 1s"' in page.text
    assert "tier=retain (2/6)" in page.text
    assert "<script" not in page.text


def test_the_same_content_is_answered_from_the_stored_analysis(app_on: FastAPI, db: Engine) -> None:
    version, _ = draft(db)
    browser = manager(app_on, db)
    first = browser.get(f"/workspace/versions/{version}/analysis", headers=HTMX)
    again = browser.get(f"/workspace/versions/{version}/analysis", headers=HTMX)
    assert first.text == again.text
    with Session(db) as session:
        assert len(session.exec(select(AnalysisRun)).all()) == 1


def test_a_stale_running_analysis_is_done_again(app_on: FastAPI, db: Engine) -> None:
    version, digest = draft(db)
    running(db, digest, age=timedelta(hours=1))
    page = manager(app_on, db).get(f"/workspace/versions/{version}/analysis", headers=HTMX)
    assert 'data-kind="dead_option"' in page.text
    assert "every 1s" not in page.text
    with Session(db) as session:
        assert session.exec(select(AnalysisRun)).one().status == "done"


def test_an_unknown_version_has_no_analysis(app_on: FastAPI, db: Engine) -> None:
    browser = manager(app_on, db)
    assert browser.get("/workspace/versions/999999/analysis").status_code == 404
    assert browser.get("/workspace/versions/x/analysis").status_code == 422


def test_only_catalog_managers_see_an_analysis(app_on: FastAPI, db: Engine) -> None:
    version, _ = draft(db)
    assert_only_catalog_managers(app_on, db, lambda client: client.get(f"/workspace/versions/{version}/analysis"))
