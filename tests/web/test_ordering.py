"""Order it: a complete configuration becomes an order of a customer found by e-mail, with the
interaction on their timeline; an incomplete one says what to choose (on SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.catalog.evaluate import check_configuration
from app.models import Customer, DuplicateCandidate, Identifier, Interaction, Order, OrderLine, SavedConfiguration
from app.services.configurator.page import engine_for
from app.services.customers.privacy import export_customer
from app.services.customers.records import Key, identify
from app.services.quotes.requests import open_quote_requests
from app.web.forms import query_of
from tests.factories import shipped

JEANS = "/configure/jeans/jeans"
CATALOG = shipped()


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


def victim(db: Engine) -> int:
    with Session(db) as session:
        found = identify(session=session, keys=[Key("email", "victim@example.com")], source="shop", name="Vic Tim")
        return int(found.customer.id or 0)


def test_a_visitors_order_with_someone_elses_email_never_lands_on_their_record(app_on: FastAPI, db: Engine) -> None:
    owner = victim(db)
    attacker = TestClient(app_on)
    page = attacker.get(f"{JEANS}/order?{query_of(complete_jeans())}")
    placed = post(
        attacker, f"{JEANS}/order", [*form_of(page.text), ("_name", "Mallory"), ("_email", "victim@example.com")]
    )
    assert "is placed" in placed.text
    quote_page = attacker.get(f"{JEANS}/order", params={"fit": "classic"})
    post(attacker, f"{JEANS}/quote", [*form_of(quote_page.text), ("_name", "Mallory"),
                                      ("_email", "Victim@Example.com"), ("_message", "call me")])  # fmt: skip
    with Session(db) as session:
        assert session.exec(select(Order).where(Order.customer_id == owner)).all() == []
        assert session.exec(select(Interaction).where(Interaction.customer_id == owner)).all() == []
        assert session.exec(select(SavedConfiguration).where(SavedConfiguration.customer_id == owner)).all() == []
        order = session.exec(select(Order)).one()
        assert order.customer_id != owner
        assert order.contact_email == "victim@example.com"
        pairs = {(p.left_id, p.right_id) for p in session.exec(select(DuplicateCandidate)).all()}
        assert len(pairs) == 2, "each is queued for a rep to review"
        assert all(owner in pair for pair in pairs)
        exported = export_customer(session=session, customer_id=owner)
        assert exported["orders"] == []
        assert exported["saved_configurations"] == []


def test_a_retried_order_post_makes_one_order(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on, follow_redirects=False)
    page = client.get(f"{JEANS}/order?{query_of(complete_jeans())}")
    fields = [*form_of(page.text), ("_name", "Ana Ruiz"), ("_email", "ana@example.com")]
    first = post(client, f"{JEANS}/order", fields)
    again = post(client, f"{JEANS}/order", fields)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    other = TestClient(app_on, follow_redirects=False)
    other.get(JEANS)
    assert post(other, f"{JEANS}/order", fields).status_code == 403, "another browser cannot replay the form"
    with Session(db) as session:
        assert len(session.exec(select(Order)).all()) == 1


def test_concurrent_posts_of_one_form_make_one_order(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on, follow_redirects=False)
    page = client.get(f"{JEANS}/order?{query_of(complete_jeans())}")
    fields = [*form_of(page.text), ("_name", "Ana Ruiz"), ("_email", "ana@example.com")]
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: post(client, f"{JEANS}/order", fields), range(6)))
    assert {answer.status_code for answer in answers} == {303}
    assert len({answer.headers["location"] for answer in answers}) == 1
    with Session(db) as session:
        assert len(session.exec(select(Order)).all()) == 1


def test_a_form_without_its_key_is_refused_with_a_message(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    page = client.get(f"{JEANS}/order?{query_of(complete_jeans())}")
    fields = [(k, v) for k, v in form_of(page.text) if k != "_key"] + [("_name", "Ana"), ("_email", "a@example.com")]
    refused = post(client, f"{JEANS}/order", fields)
    assert refused.status_code == 422
    assert "missing its key" in refused.text
    assert re.search(r'name="_name"[^>]*value="Ana"', refused.text), "what was typed stays"
