"""Done when: a new visitor configures, saves, resumes on another device and orders every shipped
product (jeans, the bike, the business bundle) in each of the three languages (SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Order
from app.web.i18n import translations
from tests.web.test_ordering import form_of, post

PRODUCTS = [("jeans", "jeans"), ("bikes", "bike"), ("business", "connectivity")]


def link(page: str, pattern: str) -> str:
    found = re.search(pattern, page, re.S)
    assert found, pattern
    return html.unescape(found.group(1))


@pytest.mark.parametrize("locale", ["en", "es", "pt"])
@pytest.mark.parametrize(("catalog_id", "product_id"), PRODUCTS)
def test_a_new_visitor_configures_saves_resumes_and_orders(
    app_on: FastAPI, db: Engine, catalog_id: str, product_id: str, locale: str
) -> None:
    say = translations(locale).gettext
    here = f"/configure/{catalog_id}/{product_id}"
    laptop = TestClient(app_on, follow_redirects=False)
    laptop.get("/", params={"lang": locale})
    offered = laptop.get(here, params={"_complete": "1"})
    assert offered.status_code == 200
    chosen = laptop.get(link(offered.text, r'<ol class="offers">.*?<a class="button" href="([^"]+)"'))
    assert f">{say('Order it')}</a>" in chosen.text, "an offer is complete: it can be ordered"
    save_form = chosen.text.split('<form id="save-form"', 1)[1].split("</form>", 1)[0]
    saved = post(laptop, f"{here}/save", form_of(save_form))
    assert saved.status_code == 303
    phone = TestClient(app_on, follow_redirects=False)
    phone.get("/", params={"lang": locale})
    resumed = phone.get(saved.headers["location"])
    assert resumed.status_code == 200
    configurator = phone.get(link(resumed.text, rf'<a class="button" href="([^"]+)">{say("Continue configuring")}</a>'))
    order_page = phone.get(link(configurator.text, rf'href="([^"]+)">{say("Order it")}</a>'))
    fields = [*form_of(order_page.text), ("_name", "Rui Costa"), ("_email", f"rui.{product_id}.{locale}@example.com")]
    placed = post(phone, f"{here}/order", fields)
    assert placed.status_code == 303, placed.text
    receipt = phone.get(placed.headers["location"])
    with Session(db) as session:
        order = session.exec(select(Order)).one()
    assert say("Thank you: order {number} is placed").format(number=order.id) in receipt.text
    assert order.total_minor > 0
