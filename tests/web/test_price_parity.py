"""The price shown is the price charged: a "retain" customer in Spain gets the same context, so the
same eligibility and the same price, on the configurator, the order page, the order stored, the
saved page, the quote request and the API (on SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.catalog.configuration import Choice, Selection
from app.catalog.configuration import today as date_today
from app.catalog.evaluate import check_configuration
from app.models import Customer, Interaction, Order, OrderLine
from app.pricing import price
from app.services.configurator.page import engine_for
from app.services.context import customer_context, within
from app.services.customers.records import add_address
from app.web.forms import query_of
from tests.web.accounts import account, browse
from tests.web.test_ordering import CATALOG, JEANS, form_of, post

TOTAL = re.compile(r'<div class="total"><dt>Total</dt><dd>([^<]+)</dd>')
CONTEXT = {"tier": "retain", "region": "es", "channel": "web"}


@pytest.fixture
def retain(app_on: FastAPI, db: Engine) -> tuple[TestClient, int]:
    """A signed-in "retain" customer with an address in Spain."""
    client = account(app_on, db, "rita@example.com", "customer")
    with Session(db) as session:
        customer = session.exec(select(Customer)).one()
        customer.tier = "retain"
        session.commit()
        add_address(session=session, customer_id=int(customer.id or 0), street="Gran Vía 1", city="Madrid",
                    postcode="28013", country="ES")  # fmt: skip
        return client, int(customer.id or 0)


def express_on_instalments() -> dict[str, object]:
    """A complete jeans configuration only a retain customer in Spain may have: express care, paid in 3."""
    engine = engine_for(CATALOG, "jeans")
    today = date_today()
    fixed: dict[str, Choice] = {"service": "express", "payment": "pay_in_3", "fit": "classic"}
    best = engine.complete(fixed, CONTEXT, today, k=1)[0]
    assert check_configuration(CATALOG.product("jeans"), best.choices, CONTEXT, today) == []
    assert engine.validate(best.choices, {"channel": "web"}, today).valid is False, "not for everyone"
    return dict(best.choices)


def total_of(page: str) -> str:
    found = TOTAL.search(page)
    assert found, "the page shows a total"
    return found.group(1)


def test_configurator_order_page_and_stored_order_agree(retain: tuple[TestClient, int], db: Engine) -> None:
    client, customer_id = retain
    choices = express_on_instalments()
    shown = total_of(client.get(f"{JEANS}?{query_of(choices)}").text)
    order_page = client.get(f"{JEANS}/order?{query_of(choices)}")
    assert total_of(order_page.text) == shown
    assert re.search(r'<button type="submit" >', order_page.text), "the order button is enabled"
    assert "3 ×" in order_page.text, "the instalments are shown where the order is placed"
    placed = post(client, f"{JEANS}/order", form_of(order_page.text))
    assert "is placed" in placed.text, placed.text
    assert shown in placed.text
    with Session(db) as session:
        order = session.exec(select(Order)).one()
        line = session.exec(select(OrderLine)).one()
        customer = session.get(Customer, customer_id)
        context = within(CATALOG, customer_context(session=session, customer=customer))
    expected = price(CATALOG, Selection(product="jeans", choices=choices), context)
    assert order.customer_id == customer_id
    assert order.total_minor == line.price_minor == expected.total
    assert any(rule.discount for rule in expected.price_rules), "the loyalty discount is in the price charged"


def test_the_saved_page_shows_the_price_of_the_configurator(retain: tuple[TestClient, int]) -> None:
    client, _ = retain
    choices = express_on_instalments()
    page = browse(client, f"{JEANS}?{query_of(choices)}")
    saved = post(client, f"{JEANS}/save", form_of(page.text.split('id="save-form"')[1]))
    assert saved.status_code == 200
    assert total_of(saved.text) == total_of(page.text)


def test_the_quote_request_keeps_the_price_shown(retain: tuple[TestClient, int], db: Engine) -> None:
    client, customer_id = retain
    choices = express_on_instalments()
    shown = total_of(client.get(f"{JEANS}?{query_of(choices)}").text)
    order_page = client.get(f"{JEANS}/order?{query_of(choices)}")
    sent = post(client, f"{JEANS}/quote", [*form_of(order_page.text), ("_message", "For the team")])
    assert sent.status_code == 200
    assert f"The price you were shown: {shown}" in sent.text
    with Session(db) as session:
        asked = session.exec(select(Interaction).where(Interaction.kind == "quote_request")).one()
    assert asked.customer_id == customer_id


def test_the_api_prices_in_the_callers_context(retain: tuple[TestClient, int], app_on: FastAPI) -> None:
    client, _ = retain
    choices = express_on_instalments()
    url = f"/api/catalogs/jeans/products/jeans/price?{query_of(choices)}"
    mine = client.get(url).json()
    shown = client.get(f"{JEANS}?{query_of(choices)}").text
    assert f"{mine['total'] / 100:,.2f}" in total_of(shown).replace("€", "")
    anonymous = TestClient(app_on).get(url).json()
    assert anonymous["total"] > mine["total"], "a visitor gets no loyalty discount"
    bad = TestClient(app_on).get("/api/catalogs/jeans/products/jeans/price?waist=NaN")
    assert bad.status_code == 422
    assert "not a number" in bad.json()["detail"]


COUNTS = re.compile(r'<p class="counts">(.*?)</p>', re.S)


def numbers(page: str) -> list[int]:
    found = COUNTS.search(page)
    assert found, "the page states its counts"
    return [int(n.replace(",", "")) for n in re.findall(r"<strong>([\d,]+)\+?</strong>", found.group(1))]


@pytest.mark.parametrize(("catalog", "product"), [("jeans", "jeans"), ("bikes", "bike")])
def test_what_still_matches_never_exceeds_what_is_available(
    retain: tuple[TestClient, int], app_on: FastAPI, catalog: str, product: str
) -> None:
    client, _ = retain
    url = f"/configure/{catalog}/{product}"
    mine = client.get(url).text
    assert "available to you" in mine, "the page says the totals are this customer's"
    *_, total, matching = numbers(mine)
    assert matching == total, "with nothing chosen, everything available still matches"
    chosen = numbers(client.get(url, params={"service": "express"} if catalog == "jeans" else {}).text)
    assert chosen[-1] <= chosen[-2]
    visitor = numbers(TestClient(app_on).get(url).text)
    assert visitor[-1] <= visitor[-2]
    assert total >= visitor[-2], "a retain customer may choose at least what a visitor may"
