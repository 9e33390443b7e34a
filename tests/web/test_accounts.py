"""Sign-up with consent in plain words, sign-in (argon2), "my data" with consents and export, sign-out;
a customer sees only their own data (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.models import Account, Consent
from app.services.customers import Key, identify

PASSWORD = "correct horse battery"


def csrf(client: TestClient, url: str) -> str:
    found = re.search(r'name="_csrf" value="([0-9a-f]+)"', client.get(url).text)
    assert found
    return found.group(1)


def sign_up(client: TestClient, email: str, **extra: str) -> object:
    data = {"_csrf": csrf(client, "/signup"), "name": "Ana Ruiz", "email": email, "password": PASSWORD, **extra}
    return client.post("/signup", data=data, follow_redirects=False)


def test_sign_up_records_consent_and_recognises_a_known_customer(app_on: FastAPI, db: Engine) -> None:
    with Session(db) as session:
        known_id = identify(
            session=session, keys=[Key("email", "ana@example.com")], source="shop", name="Ana"
        ).customer.id
    client = TestClient(app_on)
    made = sign_up(client, "Ana@Example.com", consent_personalisation="1")
    assert made.status_code == 303  # type: ignore[attr-defined]
    page = client.get("/me")
    assert "Signed in as" in page.text
    assert re.search(r'name="consent_personalisation" value="1" checked', page.text)
    assert not re.search(r'name="consent_marketing" value="1" checked', page.text)
    with Session(db) as session:
        account = session.exec(select(Account)).one()
        assert account.customer_id == known_id
        assert account.password_hash.startswith("$argon2")
        consent = session.exec(select(Consent)).one()
        assert (consent.purpose, consent.where) == ("personalisation", "sign-up page")
        assert "suggest choices that fit me" in consent.text_shown
    exported = client.get("/me/export")
    assert exported.headers["content-type"].startswith("application/json")
    assert json.loads(exported.text)["customer"]["id"] == known_id


def test_consents_change_on_my_data_with_evidence(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    sign_up(client, "bo@example.com", consent_marketing="1")
    token = csrf(client, "/me")
    done = client.post("/me/consents", data={"_csrf": token, "consent_new_products": "1"}, follow_redirects=True)
    assert "Your choices are saved" in done.text
    with Session(db) as session:
        rows = session.exec(select(Consent).order_by(col(Consent.id))).all()
        assert [(r.purpose, r.granted, r.where) for r in rows] == [
            ("marketing", True, "sign-up page"),
            ("marketing", False, "my data page"),
            ("new_products", True, "my data page"),
        ]


def test_sign_in_sign_out_and_wrong_passwords(app_on: FastAPI) -> None:
    first = TestClient(app_on)
    sign_up(first, "cy@example.com")
    other = TestClient(app_on)
    wrong = other.post("/signin", data={"_csrf": csrf(other, "/signin"), "email": "cy@example.com", "password": "nope"})
    assert wrong.status_code == 401
    assert "the e-mail or the password is not right" in wrong.text
    nobody = other.post("/signin", data={"_csrf": csrf(other, "/signin"), "email": "no@example.com", "password": "x"})
    assert nobody.status_code == 401
    assert other.get("/me", follow_redirects=False).status_code == 303
    right = other.post(
        "/signin", data={"_csrf": csrf(other, "/signin"), "email": "CY@example.com", "password": PASSWORD}
    )
    assert "Signed in as" in right.text
    out = other.post("/signout", data={"_csrf": csrf(other, "/me")}, follow_redirects=False)
    assert out.status_code == 303
    assert other.get("/me", follow_redirects=False).status_code == 303


def test_bad_sign_ups_and_forged_sessions_are_refused(app_on: FastAPI) -> None:
    client = TestClient(app_on)
    short = sign_up(client, "dee@example.com", password="short")
    assert short.status_code == 422  # type: ignore[attr-defined]
    assert "at least 10 characters" in short.text  # type: ignore[attr-defined]
    sign_up(client, "dee@example.com")
    again = sign_up(TestClient(app_on), "dee@example.com")
    assert again.status_code == 409  # type: ignore[attr-defined]
    forged = TestClient(app_on, cookies={"tailor_session": "1.99999999999.deadbeef"})
    assert forged.get("/me", follow_redirects=False).status_code == 303
    no_token = TestClient(app_on).post("/signup", data={"name": "X", "email": "x@example.com", "password": PASSWORD})
    assert no_token.status_code == 403
