"""The unmet-needs backlog page: items with customers and value, the relax fragment's exact count, and
a draft started from an item in one click; only catalog managers, CSRF checked, bad keys refused."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Account, CatalogVersion, Customer
from app.services.catalogs.shelf import seed_catalogs
from app.services.configurator.flow import record_click
from tests.factories import customer
from tests.services.catalogs.test_backlog import CATALOG, WEB, consenting, met_conflict
from tests.web.accounts import csrf
from tests.web.workspace.roles import assert_only_catalog_managers, manager

HEM = "rule:jeans/hem_needs_inseam"
WAIST = "bound:jeans/waist"


def backlog_met(db: Engine) -> None:
    """Ana (consenting, value €70) met the hem rule on two days and asked a waist of 48; Bea (no consent) too."""
    with Session(db) as session:
        seed_catalogs(session=session)
        ana = consenting(session, "ana@example.com", value=7000, tier="retain")
        bea = customer(session, email="bea@example.com", name="Bea")
        for who in (ana, bea):
            met_conflict(session, who, "hem_needs_inseam", days_ago=2)
            met_conflict(session, who, "hem_needs_inseam")
            found = session.get(Customer, who)
            assert found is not None
            record_click(session=session, catalog=CATALOG, product_id="jeans", items=[("waist", "48")],
                         customer=found, context=WEB, fresh=False)  # fmt: skip


def row_of(page: str, key: str) -> str:
    """The table row whose draft form names item `key`."""
    rows = page.split("<tbody>")[1].split("</tr>")
    return next(row for row in rows if f'name="item" value="{key}"' in row)


def in_force_id(db: Engine) -> int:
    with Session(db) as session:
        found = session.exec(select(CatalogVersion).where(CatalogVersion.catalog_id == "jeans")).first()
        assert found is not None
        return found.id or 0


def test_the_backlog_lists_what_a_consenting_customer_met_with_counts_and_value(app_on: FastAPI, db: Engine) -> None:
    backlog_met(db)
    page = manager(app_on, db).get("/workspace/backlog", params={"catalog": "jeans"})
    assert page.status_code == 200
    version = in_force_id(db)
    hem = row_of(page.text, HEM)
    assert f'href="/workspace/versions/{version}/products/jeans/rules/hem_needs_inseam"' in hem
    assert re.search(r'<td class="num"[^>]*>1</td>', hem)  # Ana once, Bea (no consent) not at all
    assert "€70.00" in hem
    assert "retain 1" in hem
    assert "person 1" in hem
    waist = row_of(page.text, WAIST)
    assert f'href="/workspace/versions/{version}/products/jeans/attributes/waist"' in waist
    assert "asked 48; range 26–47" in waist
    assert re.search(r'<td class="num"[^>]*>1</td>', waist)
    assert 'hx-trigger="revealed"' in waist
    assert "/workspace/backlog/relax?item=bound%3Ajeans%2Fwaist&amp;catalog=jeans&amp;numbers=48" in waist


def test_filters_narrow_the_backlog_and_a_bad_one_is_said_at_its_field(app_on: FastAPI, db: Engine) -> None:
    backlog_met(db)
    browser = manager(app_on, db)
    assert HEM not in browser.get("/workspace/backlog", params={"tier": "grow"}).text
    assert HEM in browser.get("/workspace/backlog", params={"tier": "retain", "segment": "person", "period": 30}).text
    assert HEM not in browser.get("/workspace/backlog", params={"segment": "company"}).text
    bad = browser.get("/workspace/backlog", params={"period": 7, "tier": "retain"})
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.text
    assert "the period must be one of 30, 90, 365, 1095 days" in bad.text
    assert '<option value="retain" selected>' in bad.text
    assert browser.get("/workspace/backlog", params={"tier": "gold"}).status_code == 422
    assert browser.get("/workspace/backlog", params={"catalog": "nothing"}).status_code == 404


def test_the_relax_fragment_says_the_exact_count_of_new_configurations(app_on: FastAPI, db: Engine) -> None:
    backlog_met(db)
    browser = manager(app_on, db)
    params = {"item": WAIST, "catalog": "jeans", "numbers": "48"}
    fragment = browser.get("/workspace/backlog/relax", params=params, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    # one more waist (48) on a product whose sizes are independent: 1/22 more of 1,485,000 base jeans x extras
    count = int(re.search(r"\+([\d,]+) configurations", fragment.text).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert count > 0
    again = browser.get("/workspace/backlog/relax", params={**params, "numbers": ["48", "49"]})
    assert again.status_code == 200
    assert "<html" in again.text  # without htmx: a page of its own
    assert int(re.search(r"\+([\d,]+) configurations", again.text).group(1).replace(",", "")) == 2 * count  # type: ignore[union-attr]
    rule = browser.get("/workspace/backlog/relax", params={"item": HEM, "catalog": "jeans"})
    assert rule.status_code == 200
    assert re.search(r"\+[\d,]+ configurations", rule.text)


def test_the_relax_fragment_refuses_bad_items(app_on: FastAPI, db: Engine) -> None:
    backlog_met(db)
    browser = manager(app_on, db)
    ask = "/workspace/backlog/relax"
    assert browser.get(ask, params={"item": "rule:jeans/nothing", "catalog": "jeans"}).status_code == 404
    assert browser.get(ask, params={"item": HEM, "catalog": "nothing"}).status_code == 404
    assert browser.get(ask, params={"item": "quote:jeans", "catalog": "jeans"}).status_code == 409
    assert browser.get(ask, params={"item": WAIST, "catalog": "jeans"}).status_code == 422
    assert browser.get(ask, params={"item": WAIST, "catalog": "jeans", "numbers": "x"}).status_code == 422
    assert browser.get(ask, params={"item": WAIST, "catalog": "jeans", "numbers": "99999"}).status_code == 422
    assert browser.get(ask, params={"item": "x" * 600, "catalog": "jeans"}).status_code == 422
    assert browser.get(ask, params={"catalog": "jeans"}).status_code == 422


def draft_form(browser: TestClient, key: str, **extra: str) -> dict[str, str]:
    return {"_csrf": csrf(browser, "/workspace/backlog"), "item": key, "catalog": "jeans", "period": "90", **extra}


def test_one_click_starts_a_draft_without_the_rule(app_on: FastAPI, db: Engine) -> None:
    backlog_met(db)
    browser = manager(app_on, db)
    made = browser.post("/workspace/backlog/draft", data=draft_form(browser, HEM), follow_redirects=False)
    assert made.status_code == 303
    draft_id = int(made.headers["location"].rsplit("/", 1)[1])
    assert made.headers["location"] == f"/workspace/versions/{draft_id}"
    with Session(db) as session:
        draft = session.get(CatalogVersion, draft_id)
        assert draft is not None
        author = session.get(Account, draft.author_id)
        assert author is not None
        assert author.email == "cm@example.com"
        assert (draft.status, draft.number) == ("draft", 2)
        rules = [r["id"] for r in draft.document["products"][0]["rules"]]
        assert "hem_needs_inseam" not in rules
        assert "unmet-needs backlog" in draft.notes
        assert "hem_needs_inseam" in draft.notes
        assert "1 customers" in draft.notes


def test_one_click_starts_a_draft_with_the_wider_bound(app_on: FastAPI, db: Engine) -> None:
    backlog_met(db)
    browser = manager(app_on, db)
    made = browser.post("/workspace/backlog/draft", data=draft_form(browser, WAIST), follow_redirects=False)
    assert made.status_code == 303
    with Session(db) as session:
        draft = session.get(CatalogVersion, int(made.headers["location"].rsplit("/", 1)[1]))
        assert draft is not None
        waist = draft.document["products"][0]["modules"][1]["attributes"][2]
        assert (waist["id"], waist["min"], waist["max"]) == ("waist", 26, 48)
        assert "'waist' of product 'jeans' widened to 26–48 (asked 48" in draft.notes


def test_a_draft_from_a_bad_or_stale_item_is_refused(app_on: FastAPI, db: Engine) -> None:
    backlog_met(db)
    browser = manager(app_on, db)
    post = "/workspace/backlog/draft"
    assert browser.post(post, data=draft_form(browser, "rule:jeans/nothing")).status_code == 404
    assert browser.post(post, data=draft_form(browser, HEM, catalog="nothing")).status_code == 404
    stale = browser.post(post, data=draft_form(browser, "rule:jeans/lining_up_to_44"))
    assert stale.status_code == 409
    assert "no longer in the backlog" in stale.text
    assert browser.post(post, data=draft_form(browser, "abandoned:jeans")).status_code == 409
    assert browser.post(post, data=draft_form(browser, HEM, period="7")).status_code == 422
    assert browser.post(post, data=draft_form(browser, "")).status_code == 422
    assert browser.post(post, data={"item": HEM, "catalog": "jeans"}).status_code == 403  # no CSRF token
    with Session(db) as session:
        assert len(session.exec(select(CatalogVersion)).all()) == 3  # the seeds only


def test_the_workspace_nav_leads_to_the_backlog(app_on: FastAPI, db: Engine) -> None:
    with Session(db) as session:
        seed_catalogs(session=session)
    page = manager(app_on, db).get("/workspace")
    assert 'href="/workspace/backlog"' in page.text
    assert "Nothing in the backlog" in manager(app_on, db, "cm2@example.com").get("/workspace/backlog").text


def test_only_catalog_managers_see_the_backlog_and_act_on_it(app_on: FastAPI, db: Engine) -> None:
    backlog_met(db)
    relax = {"item": HEM, "catalog": "jeans"}

    def every_route(client: TestClient) -> Any:
        answers = [
            client.get("/workspace/backlog"),
            client.get("/workspace/backlog/relax", params=relax),
            # the role is checked before the form: nobody learns anything from a forged post
            client.post("/workspace/backlog/draft", data=relax),
        ]
        assert len({answer.status_code for answer in answers}) == 1, [answer.status_code for answer in answers]
        return answers[0]

    assert_only_catalog_managers(app_on, db, every_route)
