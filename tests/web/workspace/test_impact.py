"""The impact page: the invalidated line with its repair and the price change, and the publish form;
catalog managers only, 404 for an unknown version."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.services.catalogs.publishing_data import jeans_draft
from tests.services.catalogs.test_impact import KNEES, customer, knees_only_on_classic
from tests.web.workspace.roles import assert_only_catalog_managers, manager


def test_the_impact_page_lists_what_breaks_with_its_repair_and_the_price_change(app_on: FastAPI, db: Engine) -> None:
    with Session(db) as session:
        draft = jeans_draft(session, base_price=9900)
        knees_only_on_classic(session, draft)
        customer(session, "ana", KNEES, tier="retain")
        customer(session, "bob", {"fit": "classic"})
    page = manager(app_on, db).get(f"/workspace/versions/{draft}/impact")
    assert page.status_code == 200
    assert "No longer valid" in page.text
    assert "<code>fit = " in page.text or "<code>addons = " in page.text
    assert "→" in page.text
    assert f'action="/workspace/versions/{draft}/publish"' in page.text


def test_only_catalog_managers_see_the_impact_and_an_unknown_version_is_not_found(app_on: FastAPI, db: Engine) -> None:
    with Session(db) as session:
        draft = jeans_draft(session)
    assert_only_catalog_managers(app_on, db, lambda client: client.get(f"/workspace/versions/{draft}/impact"))
    assert manager(app_on, db).get("/workspace/versions/999999/impact").status_code == 404
