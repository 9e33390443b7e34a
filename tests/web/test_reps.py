"""Sales reps pick up quote requests and read a customer's timeline; customers and visitors cannot."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Customer, Interaction
from app.services.customers.records import Key, identify
from tests.web.accounts import account, csrf
from tests.web.test_ordering import JEANS, form_of, post


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
    assert "Configuring for Firm, on quote" in picked.text, "the unfinished request opens in Firm's configurator"
    with Session(db) as session:
        customer_id = session.exec(select(Interaction).where(Interaction.kind == "quote_request")).one().customer_id
    assert "Asked for a quote" in rep.get(f"/reps/customers/{customer_id}").text
    assert "No quote request is waiting" in rep.get("/reps/quotes").text
    with Session(db) as session:
        row = session.exec(select(Interaction).where(Interaction.kind == "quote_request")).one()
        assert row.resolution == "picked up by rep@tailor.example"


def test_customers_and_visitors_cannot_see_the_reps_pages(app_on: FastAPI, db: Engine) -> None:
    assert TestClient(app_on).get("/reps/quotes").status_code == 401
    customer = account(app_on, db, "cu@example.com", "customer")
    assert customer.get("/reps/quotes").status_code == 403
    assert customer.get("/reps/customers/1").status_code == 403


def test_a_picked_request_cannot_be_picked_again(app_on: FastAPI, db: Engine) -> None:
    buyer = TestClient(app_on)
    page = buyer.get(f"{JEANS}/order", params={"fit": "classic"})
    post(buyer, f"{JEANS}/quote", [*form_of(page.text), ("_name", "Firm"), ("_email", "firm@example.com")])
    first = account(app_on, db, "rui@tailor.example", "rep")
    second = account(app_on, db, "eva@tailor.example", "rep")
    queue = first.get("/reps/quotes").text
    action = re.search(r'action="([^"]+/pick)"', queue)
    assert action
    assert first.post(action.group(1), data={"_csrf": csrf(first, "/reps/quotes")}).status_code == 200
    again = second.post(action.group(1), data={"_csrf": csrf(second, "/me")})
    assert again.status_code == 409
    assert "already picked up (picked up by rui@tailor.example)" in again.text
    with Session(db) as session:
        row = session.exec(select(Interaction).where(Interaction.kind == "quote_request")).one()
        assert row.resolution == "picked up by rui@tailor.example", "it did not change hands"


def test_a_rep_edits_a_customer_and_a_stale_copy_is_refused(app_on: FastAPI, db: Engine) -> None:
    with Session(db) as session:
        who = identify(session=session, keys=[Key("email", "zoe@example.com")], source="shop", name="Zoe").customer.id
    rui = account(app_on, db, "rui@tailor.example", "rep")
    eva = account(app_on, db, "eva@tailor.example", "rep")
    url = f"/reps/customers/{who}"
    seen_by_eva = eva.get(url).text
    fields = {"_csrf": csrf(rui, url), "version": "1", "name": "Zoe Díaz", "given_name": "Zoe", "family_name": "Díaz",
              "locale": "es", "date_of_birth": "1991-02-03"}  # fmt: skip
    saved = rui.post(url, data=fields)
    assert saved.status_code == 200
    assert "The customer&#39;s details are saved." in saved.text
    version = re.search(r'name="version" value="(\d+)"', seen_by_eva)
    assert version
    assert version.group(1) == "1"
    stale = eva.post(url, data={**fields, "_csrf": csrf(eva, url), "name": "Zoe D."})
    assert stale.status_code == 409
    assert "changed by someone else" in stale.text
    assert 'value="Zoe D."' in stale.text, "what the rep typed stays on the form"
    bad = rui.post(url, data={**fields, "_csrf": csrf(rui, url), "version": "2", "date_of_birth": "2027-02-30"})
    assert bad.status_code == 422
    assert "is not a date" in bad.text
    with Session(db) as session:
        customer = session.get(Customer, who)
        assert customer is not None
        assert (customer.name, customer.family_name, customer.version) == ("Zoe Díaz", "Díaz", 2)


def test_only_reps_edit_customers(app_on: FastAPI, db: Engine) -> None:
    with Session(db) as session:
        who = identify(session=session, keys=[Key("email", "zoe@example.com")], source="shop", name="Zoe").customer.id
    visitor = TestClient(app_on)
    visitor.get("/")
    anonymous = visitor.post(
        f"/reps/customers/{who}", data={"_csrf": csrf(visitor, "/signin"), "version": "1", "name": "X"}
    )
    assert anonymous.status_code == 401
    customer = account(app_on, db, "cu@example.com", "customer")
    own = customer.post(f"/reps/customers/{who}", data={"_csrf": csrf(customer, "/me"), "version": "1", "name": "X"})
    assert own.status_code == 403
    with Session(db) as session:
        unchanged = session.get(Customer, who)
        assert unchanged is not None
        assert unchanged.name == "Zoe"
