"""Recognised without signing in: an e-mail or loyalty card gets a link sent to the customer's own
e-mail, and only the browser that opens it is recognised; then the configurator fills in the needs
profile when the customer consented, says where each value came from, and forgets on "not you?".
Asking tells nobody whether the identifier is known; the way back never leaves the site."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Interaction, OutboxMessage
from app.services.customers.records import Key, add_address, identify
from tests.factories import measured, personalisation
from tests.web.accounts import browse, csrf, mailed_link, open_link

JEANS = "/configure/jeans/jeans"
WAIST = re.compile(r'id="f-waist" name="waist"[^>]*value="34"')


def shop_customer(db: Engine, consent: bool = True) -> int:
    with Session(db) as session:
        keys = [Key("loyalty", "LC-7"), Key("email", "ana@example.com")]
        found = identify(session=session, keys=keys, source="shop", name="Ana Ruiz").customer
        who = int(found.id or 0)
        add_address(session=session, customer_id=who, street="Calle Mayor 1", city="Madrid", postcode="28013")
        personalisation(session, who, consent, where="Madrid shop")
        measured(session, who, "waist", 34)
    return who


def ask(client: TestClient, identifier: str, back: str = JEANS) -> object:
    data = {"_csrf": csrf(client, back), "identifier": identifier, "next": back}
    return client.post("/recognise", data=data)


def recognised(app_on: FastAPI, db: Engine, identifier: str = "lc-7", lang: str = "") -> TestClient:
    client = TestClient(app_on)
    ask(client, identifier, JEANS + (f"?lang={lang}" if lang else ""))
    opened = open_link(client, mailed_link(db, "ana@example.com", "recognise"))
    assert opened.status_code == 303
    return client


def test_a_recognised_customer_gets_their_needs_filled_in(app_on: FastAPI, db: Engine) -> None:
    who = shop_customer(db)
    client = recognised(app_on, db)
    page = browse(client, JEANS)
    assert WAIST.search(page.text)
    assert "your waist, from your visit to the Madrid shop on 3 May 2025" in page.text
    assert "Recognised as Ana Ruiz" in page.text
    with Session(db) as session:
        kinds = {i.kind for i in session.exec(select(Interaction).where(Interaction.customer_id == who))}
    assert {"recognised", "configurator"} <= kinds
    forgotten = client.post("/recognise/forget", data={"_csrf": csrf(client, JEANS), "next": JEANS})
    assert not WAIST.search(forgotten.text)
    assert "Been here before?" in forgotten.text


def test_knowing_an_identifier_shows_nothing_until_the_link_is_opened(app_on: FastAPI, db: Engine) -> None:
    shop_customer(db)
    stranger = TestClient(app_on)
    known = ask(stranger, "lc-7")
    unknown = ask(TestClient(app_on), "lc-999")
    assert "If we know you, we sent a link" in known.text  # type: ignore[attr-defined]
    assert "If we know you, we sent a link" in unknown.text  # type: ignore[attr-defined]
    assert not WAIST.search(known.text)  # type: ignore[attr-defined]
    assert "Ana" not in known.text  # type: ignore[attr-defined]
    link = mailed_link(db, "ana@example.com", "recognise")
    assert "Ana" not in stranger.get(link).text, "the link's page says nothing about the customer"
    with Session(db) as session:
        assert session.exec(select(OutboxMessage)).one().to_address == "ana@example.com"


def test_sends_are_bounded_and_nobody_is_locked_out(app_on: FastAPI, db: Engine) -> None:
    shop_customer(db)
    for _ in range(8):
        ask(TestClient(app_on), "lc-7")
    with Session(db) as session:
        assert len(session.exec(select(OutboxMessage)).all()) == 3, "a mailbox is not flooded"
    opened = open_link(TestClient(app_on), mailed_link(db, "ana@example.com", "recognise"))
    assert opened.status_code == 303, "the customer's own link still works"


def test_the_source_is_said_in_the_page_language(app_on: FastAPI, db: Engine) -> None:
    shop_customer(db)
    page = recognised(app_on, db, lang="es").get(JEANS)
    assert "de tu visita a la tienda de Madrid el 3 de mayo de 2025" in page.text


def test_no_consent_no_prefill(app_on: FastAPI, db: Engine) -> None:
    shop_customer(db, consent=False)
    page = recognised(app_on, db).get(JEANS)
    assert "Recognised as Ana Ruiz" in page.text
    assert not WAIST.search(page.text)


def test_the_way_back_stays_on_the_site_and_forms_need_their_token(app_on: FastAPI, db: Engine) -> None:
    shop_customer(db)
    client = TestClient(app_on)
    data = {"_csrf": csrf(client, JEANS), "identifier": "lc-7", "next": "https://evil.example/"}
    answer = client.post("/recognise", data=data, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/?")
    forged = client.post("/recognise", data={**data, "_csrf": "0" * 64}, follow_redirects=False)
    assert forged.status_code == 403
    link = mailed_link(db, "ana@example.com", "recognise")
    away = open_link(client, link, next="//evil.example/")
    assert away.headers["location"] == "/"
