"""Recognised without signing in (e-mail or loyalty card, checked by postcode): the configurator fills
in the needs profile when the customer consented, says where each value came from, and forgets on
"not you?"; a miss says so on the page; the way back never leaves the site."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Interaction
from app.services.consent import record_consent
from app.services.customers import Key, add_address, identify
from app.services.needs import Source, record_need
from tests.web.test_accounts import csrf

JEANS = "/configure/jeans/jeans"
WAIST = re.compile(r'id="f-waist" name="waist"[^>]*value="34"')


def shop_customer(db: Engine, consent: bool = True) -> int:
    with Session(db) as session:
        found = identify(session=session, keys=[Key("loyalty", "LC-7")], source="shop", name="Ana Ruiz").customer
        who = int(found.id or 0)
        add_address(session=session, customer_id=who, street="Calle Mayor 1", city="Madrid", postcode="28013")
        record_consent(session=session, customer_id=who, channel="any", purpose="personalisation", granted=consent,
                       where="Madrid shop", text_shown="Use what I tell you to fill in my choices")  # fmt: skip
        record_need(session=session, customer_id=who, kind="measurement", key="waist", value=34, unit="in",
                    source=Source("shop", place="Madrid"), at=datetime(2025, 5, 3, tzinfo=UTC))  # fmt: skip
    return who


def recognised(app_on: FastAPI, identifier: str = "lc-7", postcode: str = "28013", lang: str = "") -> TestClient:
    client = TestClient(app_on)
    back = JEANS + (f"?lang={lang}" if lang else "")
    data = {"_csrf": csrf(client, back), "identifier": identifier, "postcode": postcode, "next": back}
    client.post("/recognise", data=data)
    return client


def test_a_recognised_customer_gets_their_needs_filled_in(app_on: FastAPI, db: Engine) -> None:
    who = shop_customer(db)
    client = recognised(app_on)
    page = client.get(JEANS)
    assert WAIST.search(page.text)
    assert "your waist, from your visit to the Madrid shop on 3 May 2025" in page.text
    assert "Recognised as Ana Ruiz" in page.text
    with Session(db) as session:
        kinds = {i.kind for i in session.exec(select(Interaction).where(Interaction.customer_id == who))}
    assert {"recognised", "configurator"} <= kinds
    forgotten = client.post("/recognise/forget", data={"_csrf": csrf(client, JEANS), "next": JEANS})
    assert not WAIST.search(forgotten.text)
    assert "Been here before?" in forgotten.text


def test_the_source_is_said_in_the_page_language(app_on: FastAPI, db: Engine) -> None:
    shop_customer(db)
    page = recognised(app_on, lang="es").get(JEANS)
    assert "de tu visita a la tienda de Madrid el 3 de mayo de 2025" in page.text


def test_no_consent_no_prefill(app_on: FastAPI, db: Engine) -> None:
    shop_customer(db, consent=False)
    page = recognised(app_on).get(JEANS)
    assert "Recognised as Ana Ruiz" in page.text
    assert not WAIST.search(page.text)


def test_a_miss_says_so_and_fills_nothing(app_on: FastAPI, db: Engine) -> None:
    shop_customer(db)
    client = TestClient(app_on)
    data = {"_csrf": csrf(client, JEANS), "identifier": "lc-7", "postcode": "08001", "next": JEANS + "?fit=classic"}
    page = client.post("/recognise", data=data)
    assert page.url.path == JEANS
    assert page.url.params["fit"] == "classic"
    assert "We could not find you with these details" in page.text
    assert not WAIST.search(page.text)


def test_the_way_back_stays_on_the_site_and_forms_need_their_token(app_on: FastAPI, db: Engine) -> None:
    shop_customer(db)
    client = TestClient(app_on)
    data = {"_csrf": csrf(client, JEANS), "identifier": "lc-7", "postcode": "28013", "next": "https://evil.example/"}
    answer = client.post("/recognise", data=data, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    forged = client.post("/recognise", data={**data, "_csrf": "0" * 64}, follow_redirects=False)
    assert forged.status_code == 403
