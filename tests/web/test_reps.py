"""Sales reps pick up quote requests and read a customer's timeline; customers and visitors cannot."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Account, Interaction
from tests.web.test_accounts import PASSWORD, csrf
from tests.web.test_ordering import JEANS, form_of, post


def account(app_on: FastAPI, db: Engine, email: str, role: str) -> TestClient:
    client = TestClient(app_on)
    client.post("/signup", data={"_csrf": csrf(client, "/signup"), "name": email.split("@")[0], "email": email,
                                 "password": PASSWORD})  # fmt: skip
    with Session(db) as session:
        row = session.exec(select(Account).where(Account.email == email)).one()
        row.role = role
        session.commit()
    return client


def test_a_rep_picks_up_a_quote_request_and_sees_the_timeline(app_on: FastAPI, db: Engine) -> None:
    buyer = TestClient(app_on)
    page = buyer.get(f"{JEANS}/order", params={"fit": "classic"})
    post(buyer, f"{JEANS}/quote", [*form_of(page.text), ("_name", "Firm"), ("_email", "firm@example.com"),
                                   ("_message", "Forty pairs")])  # fmt: skip
    rep = account(app_on, db, "rep@tailor.example", "rep")
    queue = rep.get("/reps/quotes")
    assert "Forty pairs" in queue.text
    action = re.search(r'action="([^"]+/pick)"', queue.text)
    assert action
    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', queue.text)
    assert token
    picked = rep.post(action.group(1), data={"_csrf": token.group(1)})
    assert picked.status_code == 200
    assert "Asked for a quote" in picked.text
    assert "No quote request is waiting" in rep.get("/reps/quotes").text
    with Session(db) as session:
        row = session.exec(select(Interaction).where(Interaction.kind == "quote_request")).one()
        assert row.resolution == "picked up by rep@tailor.example"


def test_customers_and_visitors_cannot_see_the_reps_pages(app_on: FastAPI, db: Engine) -> None:
    assert TestClient(app_on).get("/reps/quotes").status_code == 401
    customer = account(app_on, db, "cu@example.com", "customer")
    assert customer.get("/reps/quotes").status_code == 403
    assert customer.get("/reps/customers/1").status_code == 403
