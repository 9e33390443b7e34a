"""Bad input never gets a 500 or raw JSON in a browser: every field is checked at the edge, said in the
page's language with a 4xx, and the page keeps the customer's other choices; a number the attribute
cannot take is a clash with repairs; every clash has a way out (on SQLite and PostgreSQL)."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.catalog.attributes import ManyOf, Numeric, OneOf
from app.catalog.configuration import Context
from app.services.catalogs.shelf import load_shelf
from app.services.configurator.page import configure
from tests.conftest import CATALOG_DIR
from tests.web.accounts import account

JEANS = "/configure/jeans/jeans"
SHELF = {catalog.id: catalog for catalog in load_shelf(CATALOG_DIR).catalogs}


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("waist=NaN", "Waist: 'NaN' is not a number"),
        ("waist=Infinity", "Waist: 'Infinity' is not a number"),
        ("waist=" + "9" * 5000, "is not a number"),
        ("_budget=NaN&_complete=1", "budget: 'NaN' is not an amount"),
        ("_budget=Infinity&_complete=1", "budget: 'Infinity' is not an amount"),
        ("_budget=1e17&_complete=1", "budget: 100000000000000000 must be more than 0 and at most 1000000000"),
        ("fit=no-such-fit", "there is no option 'no-such-fit'"),
    ],
)
def test_bad_fields_are_said_on_the_page_keeping_the_other_choices(
    app_on: FastAPI, db: Engine, query: str, said: str
) -> None:
    page = TestClient(app_on).get(f"{JEANS}?wash=black&{query}")
    assert page.status_code == 200
    assert said.replace("'", "&#39;") in page.text
    assert re.search(r'value="black"\s+checked', page.text), "the other choices stay"


def test_bad_fields_are_said_in_the_page_language(app_on: FastAPI, db: Engine) -> None:
    page = TestClient(app_on).get(f"{JEANS}?lang=es&waist=NaN")
    assert "Cintura: «NaN» no es un número" in page.text


@pytest.mark.parametrize(
    ("waist", "said", "repairs"),
    [
        ("60", "Waist: 60 is outside 26 to 47", ["47"]),
        ("32.0000000000000000000000000001", "is not one of its values (26 to 47, in steps of 1)", ["32", "33"]),
        ("32.5", "Waist: 32.5 is not one of its values", ["32", "33"]),
    ],
)
def test_a_number_the_attribute_cannot_take_is_a_clash_with_repairs(
    app_on: FastAPI, db: Engine, waist: str, said: str, repairs: list[str]
) -> None:
    page = TestClient(app_on).get(JEANS, params={"fit": "classic", "waist": waist})
    assert page.status_code == 200
    assert "These choices do not go together" in page.text
    assert said in page.text
    offered = re.findall(r'<a class="button" href="[^"]*waist=([0-9.]+)">Change\s+Waist to', page.text)
    assert offered == repairs
    assert re.search(r"Take back Waist: " + re.escape(waist), page.text)
    assert re.search(r'id="f-waist" name="waist"[^>]*value="' + re.escape(waist), page.text), "what was typed stays"
    assert re.search(r'value="classic"\s+checked', page.text)


def test_the_clash_that_had_no_way_out_has_repairs_and_a_take_back(app_on: FastAPI, db: Engine) -> None:
    query = ("fit=tapered&bagginess=skinny&wash=raw&addons=distressing&addons=stretch_lining&"
             "addons=selvedge_finish&waist=46")  # fmt: skip
    page = TestClient(app_on).get(f"{JEANS}?{query}")
    assert "These choices do not go together" in page.text
    assert "Ways out" in page.text
    assert "Take back" in page.text


@pytest.mark.parametrize("catalog_id", sorted(SHELF))
def test_every_clash_comes_with_a_way_out(catalog_id: str) -> None:
    catalog = SHELF[catalog_id]
    draw = random.Random(f"clash-{catalog_id}")
    context = Context(values={"channel": "web"}, on=date(2026, 6, 1))
    clashes = 0
    for product in catalog.products:
        attributes = list(product.attributes())
        for _ in range(40):
            items: list[tuple[str, str]] = []
            for attribute in draw.sample(attributes, k=min(len(attributes), draw.randint(3, 8))):
                if isinstance(attribute, Numeric):
                    items.append((attribute.id, str(draw.choice(attribute.values()))))
                elif isinstance(attribute, ManyOf):
                    items += [(attribute.id, o.id) for o in attribute.options if draw.random() < 0.4]
                elif isinstance(attribute, OneOf):
                    items.append((attribute.id, draw.choice(attribute.options).id))
            state = configure(catalog, product.id, items, context)
            if state.answer.conflict is not None:
                clashes += 1
                assert state.answer.repairs or state.take_back is not None, items
    assert clashes, "the sample met clashes"


def test_addresses_out_of_range_get_an_html_page(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    for url in ("/orders/99999999999999999999/abc", "/orders/abc/def", "/orders/0/abc"):
        answer = client.get(url)
        assert answer.status_code == 422, url
        assert answer.headers["content-type"].startswith("text/html")
    rep = account(app_on, db, "rep@tailor.example", "rep")
    for url in ("/reps/customers/99999999999999999999", "/reps/customers/abc"):
        answer = rep.get(url)
        assert answer.status_code == 422, url
        assert answer.headers["content-type"].startswith("text/html")
        assert "is not valid" in answer.text
    missing = client.get("/admin")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "there is no page at this address" in missing.text
    assert client.get("/admin", params={"lang": "pt"}).text.count("não há nenhuma página neste endereço") == 1
    assert client.get("/api/no-such-thing").headers["content-type"].startswith("application/json")
    assert client.post("/signin").status_code == 403
    assert client.put("/signin").status_code == 405


def test_long_text_is_refused_at_the_field_and_wraps_on_every_page(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    page = client.get(f"{JEANS}/order", params={"fit": "classic"})
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    long_name = client.post(f"{JEANS}/order", data={**fields, "_name": "N" * 200_000, "_email": "a@example.com"})
    assert long_name.status_code == 422
    assert "name: at most 200 characters" in long_name.text
    long_message = client.post(f"{JEANS}/quote", data={**fields, "_name": "Ana", "_email": "a@example.com",
                                                      "_message": "M" * 5_000})  # fmt: skip
    assert long_message.status_code == 422
    assert "message: at most 1500 characters" in long_message.text
    css = client.get("/static/css/tailor.css").text
    assert "overflow-wrap: anywhere" in css
