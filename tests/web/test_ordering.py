"""Order it: a complete configuration becomes an order of a customer found by e-mail, with the
interaction on their timeline; an incomplete one says what to choose (on SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.catalog.evaluate import check_configuration
from app.models import Customer, Identifier, Interaction, Order, OrderLine
from app.services.catalogs import load_shelf
from app.services.configurator import engine_for
from app.services.quotes import open_quote_requests
from app.web.forms import query_of
from tests.conftest import CATALOG_DIR

JEANS = "/configure/jeans/jeans"
CATALOG = next(c for c in load_shelf(CATALOG_DIR).catalogs if c.id == "jeans")


def complete_jeans() -> dict[str, object]:
    best = engine_for(CATALOG, "jeans").complete({"fit": "classic"}, {}, date.today(), k=1)[0]
    assert check_configuration(CATALOG.product("jeans"), best.choices, {}, date.today()) == []
    return dict(best.choices)


def form_of(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)


def post(client: TestClient, url: str, fields: list[tuple[str, str]]) -> Any:
    """A form post with repeated fields (many-of options)."""
    body = urlencode(fields)
    return client.post(url, content=body, headers={"content-type": "application/x-www-form-urlencoded"})


def test_order_a_complete_configuration(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on, follow_redirects=False)
    choices = complete_jeans()
    configurator = client.get(f"{JEANS}?{query_of(choices)}")
    link = re.search(r'href="([^"]+)">Order it</a>', configurator.text)
    assert link, "a complete configuration offers 'Order it'"
    page = client.get(link.group(1).replace("&amp;", "&"))
    assert page.status_code == 200
    fields = [*form_of(page.text), ("_name", "Ana Ruiz"), ("_email", "Ana@Example.com")]
    placed = post(client, f"{JEANS}/order", fields)
    assert placed.status_code == 303, placed.text
    receipt = client.get(placed.headers["location"])
    assert "is placed" in receipt.text
    with Session(db) as session:
        order = session.exec(select(Order)).one()
        line = session.exec(select(OrderLine)).one()
        assert order.total_minor == line.price_minor > 0
        customer = session.get(Customer, order.customer_id)
        assert customer is not None
        assert customer.name == "Ana Ruiz"
        assert session.exec(select(Identifier)).one().value == "ana@example.com"
        assert session.exec(select(Interaction)).one().links == {"order": order.id}
    assert client.get(placed.headers["location"].rsplit("/", 1)[0] + "/forged").status_code == 404


def test_an_incomplete_configuration_says_what_to_choose(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    page = client.get(JEANS, params={"fit": "classic"})
    assert "To order, choose" in page.text
    order_page = client.get(f"{JEANS}/order", params={"fit": "classic"})
    fields = [*form_of(order_page.text), ("_name", "Bo"), ("_email", "bo@example.com")]
    refused = post(client, f"{JEANS}/order", fields)
    assert refused.status_code == 422
    assert "before ordering" in refused.text
    bad_mail = post(client, f"{JEANS}/order", [*form_of(order_page.text), ("_name", "Bo"), ("_email", "bo@")])
    assert bad_mail.status_code == 422
    with Session(db) as session:
        assert session.exec(select(Order)).all() == []


def test_ask_for_a_quote_leaves_a_request_for_a_rep(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    order_page = client.get(f"{JEANS}/order", params={"fit": "classic", "waist": "34"})
    fields = [*form_of(order_page.text), ("_name", "Dee Firm"), ("_email", "dee@firm.example"),
              ("_message", "Forty pairs for our shop staff")]  # fmt: skip
    sent = post(client, f"{JEANS}/quote", fields)
    assert sent.status_code == 200
    assert "a sales rep will prepare your quote" in sent.text
    share = re.search(r'id="share-link" class="link" readonly value="([^"]+)"', sent.text)
    assert share
    assert client.get(share.group(1)).status_code == 200
    with Session(db) as session:
        queue = open_quote_requests(session=session)
        assert len(queue) == 1
        assert "Forty pairs" in queue[0].summary
        assert session.exec(select(Order)).all() == []
