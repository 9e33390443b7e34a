"""Next-best offers on the customer 360: shown with why and a link to configure, hidden without consent."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.models import Customer
from app.services.catalogs.shelf import seed_catalogs
from app.services.customers.needs import Source, record_need
from app.services.customers.orders import Line, place_order
from app.web.routes import reps
from tests.factories import customer, personalisation
from tests.web.accounts import account, csrf


def _shoppers(db: Engine, ana_allows: bool = True) -> int:
    with Session(db) as session:
        seed_catalogs(session=session)
        ids = []
        for name in ("Ana", "Bea", "Carla", "Dora"):
            found = customer(session, f"{name.lower()}@example.com", name)
            row = session.get(Customer, found)
            assert row is not None
            row.tier = "retain"
            session.commit()
            personalisation(session, found, ana_allows or name != "Ana")
            record_need(session=session, customer_id=found, kind="use", key="use", value="commuting",
                        source=Source("web"))  # fmt: skip
            ids.append(found)
        place_order(session=session, customer_id=ids[0], lines=[Line("jeans", "1", "jeans", 9000, 3000)])
        for peer in ids[1:]:
            place_order(session=session, customer_id=peer, lines=[
                Line("jeans", "1", "jeans", 9000, 3000, choices={"closure": "buttoned"}),
                Line("bikes", "1", "bike", 90000, 30000)])  # fmt: skip
        return ids[0]


def test_the_360_offers_what_peers_bought_with_why_and_a_link(app_on: FastAPI, db: Engine) -> None:
    ana = _shoppers(db)
    rep = account(app_on, db, "rui@tailor.example", "rep")
    page = rep.get(f"/reps/customers/{ana}")
    assert page.status_code == 200
    assert "Next-best offers" in page.text
    assert "100% of 3 customers of tier retain with the same need (use: commuting) bought it" in page.text
    assert 'name="then_product" value="bike"' in page.text
    assert 'name="then_query" value="closure=buttoned"' in page.text
    assert "Button fly" in page.text
    quoted = rep.post(f"/reps/customers/{ana}/quotes", data={"_csrf": csrf(rep, f"/reps/customers/{ana}"),
                      "then_catalog": "jeans", "then_product": "jeans", "then_query": "closure=buttoned"},
                      follow_redirects=False)  # fmt: skip
    assert quoted.status_code == 303
    assert re.search(r"/reps/quotes/\d+/configure/jeans/jeans\?closure=buttoned$", quoted.headers["location"])
    assert "Configuring for" in rep.get(quoted.headers["location"]).text, "quoted on the customer's behalf"
    spanish = rep.get(f"/reps/customers/{ana}", params={"lang": "es"})
    assert "Botones" in spanish.text
    assert "El 100% de 3 clientes preferentes con la misma necesidad (use: commuting) lo compró" in spanish.text


def test_without_consent_the_360_says_why_there_are_no_offers(app_on: FastAPI, db: Engine) -> None:
    ana = _shoppers(db, ana_allows=False)
    page = account(app_on, db, "rui@tailor.example", "rep").get(f"/reps/customers/{ana}")
    assert "does not allow their data to be used to personalise" in page.text
    assert 'name="then_product"' not in page.text


def test_the_timelines_htmx_filter_reads_no_offers(
    app_on: FastAPI, db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = _shoppers(db)
    rep = account(app_on, db, "rui@tailor.example", "rep")

    def unread(**_: object) -> None:
        raise AssertionError("offers read for the timeline")

    monkeypatch.setattr(reps, "next_best_offers", unread)
    fragment = rep.get(f"/reps/customers/{ana}/timeline", params={"kind": "call"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "Next-best offers" not in fragment.text


def test_the_quote_offers_the_same_and_configures_them_into_the_quote(app_on: FastAPI, db: Engine) -> None:
    ana = _shoppers(db)
    rep = account(app_on, db, "rui@tailor.example", "rep")
    opened = rep.post(f"/reps/customers/{ana}/quotes", data={"_csrf": csrf(rep, f"/reps/customers/{ana}")},
                      follow_redirects=False)  # fmt: skip
    assert opened.status_code == 303
    quote = opened.headers["location"].rstrip("/").rsplit("/", 1)[1]
    page = rep.get(opened.headers["location"])
    assert "Next-best offers" in page.text
    assert f"/reps/quotes/{quote}/configure/bikes/bike" in page.text
    assert f"/reps/quotes/{quote}/configure/jeans/jeans?closure=buttoned" in page.text
