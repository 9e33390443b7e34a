"""Publishing from the workspace: now, scheduled (a past moment refused at the field), the second approver,
rollback, compile progress; catalog managers only, 404 for an unknown version, CSRF on every form."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import get_settings
from app.models.base import utcnow
from app.services.catalogs.in_force import version_in_force
from app.services.catalogs.versions import version_by_id, version_of
from tests.mailbox import use_settings
from tests.services.catalogs.publishing_data import jeans_draft
from tests.web.accounts import csrf
from tests.web.workspace.roles import assert_only_catalog_managers, manager


def draft(db: Engine) -> int:
    with Session(db) as session:
        return jeans_draft(session)


def test_publishing_now_puts_the_draft_in_force(app_on: FastAPI, db: Engine) -> None:
    version = draft(db)
    browser = manager(app_on, db)
    page = f"/workspace/versions/{version}/impact"
    answer = browser.post(f"/workspace/versions/{version}/publish",
                          data={"_csrf": csrf(browser, page), "when": "now", "notes": "new price"},
                          follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    with Session(db) as session:
        assert version_in_force(session=session, catalog_id="jeans").number == 2  # type: ignore[union-attr]
        assert version_by_id(session=session, version_id=version).notes == "new price"
    assert "Compiled" in browser.get(f"/workspace/versions/{version}/progress").text
    asked_by_htmx = browser.get(f"/workspace/versions/{version}/progress", headers={"HX-Request": "true"})
    assert asked_by_htmx.status_code == 200
    assert asked_by_htmx.text.startswith('<p class="compile-progress"')
    assert f'hx-get="/workspace/versions/{version}/progress"' in browser.get(f"/workspace/versions/{version}").text


def test_a_past_moment_is_refused_at_the_field_and_a_later_one_is_scheduled(app_on: FastAPI, db: Engine) -> None:
    version = draft(db)
    browser = manager(app_on, db)
    page = f"/workspace/versions/{version}/impact"
    past = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    refused = browser.post(f"/workspace/versions/{version}/publish",
                           data={"_csrf": csrf(browser, page), "when": "later", "effective": past,
                                 "notes": "kept"})  # fmt: skip
    assert refused.status_code == 422
    assert 'id="effective-error"' in refused.text
    assert past in refused.text
    assert "kept" in refused.text
    later = (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    browser.post(f"/workspace/versions/{version}/publish",
                 data={"_csrf": csrf(browser, page), "when": "later", "effective": later})  # fmt: skip
    with Session(db) as session:
        assert version_in_force(session=session, catalog_id="jeans").number == 1  # type: ignore[union-attr]
        assert version_by_id(session=session, version_id=version).status == "published"


@pytest.fixture
def approver_required(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    use_settings(monkeypatch, catalog_second_approver=True)
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.mark.usefixtures("approver_required")
def test_the_asker_cannot_approve_and_another_manager_can(app_on: FastAPI, db: Engine) -> None:
    version = draft(db)
    asker, other = manager(app_on, db), manager(app_on, db, "other@example.com")
    page = f"/workspace/versions/{version}/impact"
    asker.post(f"/workspace/versions/{version}/publish", data={"_csrf": csrf(asker, page), "when": "now"})
    assert "Awaiting approval" in asker.get(page).text
    own = asker.post(f"/workspace/versions/{version}/approve", data={"_csrf": csrf(asker, page), "decision": "approve"})
    assert own.status_code == 403
    approved = other.post(f"/workspace/versions/{version}/approve",
                          data={"_csrf": csrf(other, page), "decision": "approve"}, follow_redirects=False)  # fmt: skip
    assert approved.status_code == 303
    with Session(db) as session:
        assert version_in_force(session=session, catalog_id="jeans").number == 2  # type: ignore[union-attr]


def test_rollback_publishes_the_older_version_again(app_on: FastAPI, db: Engine) -> None:
    draft(db)
    with Session(db) as session:
        first = version_of(session=session, catalog_id="jeans", number=1).id
    browser = manager(app_on, db)
    answer = browser.post(f"/workspace/versions/{first}/republish",
                          data={"_csrf": csrf(browser, f"/workspace/versions/{first}/impact"), "when": "now"},
                          follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    with Session(db) as session:
        assert version_in_force(session=session, catalog_id="jeans").number == 3  # type: ignore[union-attr]


@pytest.mark.parametrize("action", ["publish", "approve", "republish"])
def test_every_action_needs_a_catalog_manager_a_version_and_a_csrf_token(
    app_on: FastAPI, db: Engine, action: str
) -> None:
    version = draft(db)
    url = f"/workspace/versions/{version}/{action}"
    assert_only_catalog_managers(app_on, db, lambda client: client.post(url, data={"when": "now"}))
    browser = manager(app_on, db)
    assert browser.post(url, data={"when": "now"}).status_code == 403
    token = csrf(browser, f"/workspace/versions/{version}/impact")
    assert browser.post(f"/workspace/versions/999999/{action}", data={"_csrf": token}).status_code == 404


def test_progress_needs_a_catalog_manager_and_a_version(app_on: FastAPI, db: Engine) -> None:
    version = draft(db)
    assert_only_catalog_managers(app_on, db, lambda client: client.get(f"/workspace/versions/{version}/progress"))
    assert manager(app_on, db).get("/workspace/versions/999999/progress").status_code == 404
