"""Sign-up finished from an e-mailed link, with consent in plain words; sign-in (argon2) throttled in the
database; server-side sessions that sign-out, a password change and erasure end; "my data" with
consents and export; a customer sees only their own data (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.models import Account, Consent, Customer, OutboxMessage
from app.services.customers.orders import Line, place_order
from app.services.customers.privacy import erase_customer
from app.services.customers.records import Key, identify
from tests.web.accounts import PASSWORD, ask_sign_up, csrf, mailed_link, open_link, sign_in, sign_up


def test_sign_up_records_consent_and_joins_the_known_customer_once_the_link_is_opened(
    app_on: FastAPI, db: Engine
) -> None:
    with Session(db) as session:
        known_id = identify(session=session, keys=[Key("email", "ana@example.com")], source="shop", name="Ana")
        customer_id = known_id.customer.id
    client = TestClient(app_on)
    asked = ask_sign_up(client, "Ana@Example.com", consent_personalisation="1")
    assert asked.status_code == 200
    assert "Check your e-mail" in asked.text
    with Session(db) as session:
        assert session.exec(select(Account)).first() is None, "no account before the link is opened"
    assert client.get("/me", follow_redirects=False).status_code == 303
    link = mailed_link(db, "ana@example.com", "signup")
    assert client.get(link).status_code == 200, "opening the link changes nothing by itself"
    made = open_link(client, link)
    assert made.status_code == 303
    page = client.get("/me")
    assert "Signed in as" in page.text
    assert re.search(r'name="consent_personalisation" value="1" checked', page.text)
    assert not re.search(r'name="consent_marketing" value="1" checked', page.text)
    with Session(db) as session:
        account = session.exec(select(Account)).one()
        assert account.customer_id == customer_id
        assert account.password_hash.startswith("$argon2")
        consent = session.exec(select(Consent)).one()
        assert (consent.purpose, consent.where) == ("personalisation", "sign-up page")
        assert "suggest choices that fit me" in consent.text_shown
    exported = client.get("/me/export")
    assert exported.headers["content-type"].startswith("application/json")
    assert json.loads(exported.text)["customer"]["id"] == customer_id
    again = open_link(TestClient(app_on), link)
    assert again.status_code == 410, "a link works once"


def test_sign_up_with_a_customers_email_takes_nothing_over(app_on: FastAPI, db: Engine) -> None:
    with Session(db) as session:
        victim = identify(session=session, keys=[Key("email", "victim@example.com")], source="shop", name="Vic")
        place_order(session=session, customer_id=int(victim.customer.id or 0),
                    lines=[Line("jeans", "1", "jeans", price_minor=9_900, cost_minor=4_000)])  # fmt: skip
    attacker = TestClient(app_on)
    asked = ask_sign_up(attacker, "victim@example.com")
    assert asked.status_code == 200
    assert attacker.get("/me", follow_redirects=False).status_code == 303
    assert attacker.get("/me/export", follow_redirects=False).status_code == 303
    with Session(db) as session:
        assert session.exec(select(Account)).first() is None
        mail = session.exec(select(OutboxMessage)).one()
        assert mail.to_address == "victim@example.com", "only the address's owner gets the link"


def test_sign_up_does_not_tell_whether_an_email_has_an_account(app_on: FastAPI, db: Engine) -> None:
    sign_up(TestClient(app_on), db, "dee@example.com")
    taken = ask_sign_up(TestClient(app_on), "dee@example.com")
    fresh = ask_sign_up(TestClient(app_on), "new@example.com")
    assert taken.status_code == fresh.status_code == 200
    strip = re.compile(r'value="[0-9a-f]{64}"|dee@example\.com|new@example\.com')
    assert strip.sub("", taken.text) == strip.sub("", fresh.text)
    assert mailed_link(db, "dee@example.com", "signup_exists") == "/signin"


def test_consents_change_on_my_data_with_evidence(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    sign_up(client, db, "bo@example.com", consent_marketing="1")
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


def test_sign_in_sign_out_and_wrong_passwords(app_on: FastAPI, db: Engine) -> None:
    sign_up(TestClient(app_on), db, "cy@example.com")
    other = TestClient(app_on)
    wrong = sign_in(other, "cy@example.com", "nope")
    assert wrong.status_code == 401
    assert "the e-mail or the password is not right" in wrong.text
    nobody = sign_in(other, "no@example.com", "x")
    assert nobody.status_code == 401
    assert other.get("/me", follow_redirects=False).status_code == 303
    right = sign_in(other, "CY@example.com")
    assert right.status_code == 303
    assert "Signed in as" in other.get("/me").text
    out = other.post("/signout", data={"_csrf": csrf(other, "/me")}, follow_redirects=False)
    assert out.status_code == 303
    assert other.get("/me", follow_redirects=False).status_code == 303


def test_a_copied_session_cookie_stops_working_at_sign_out(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    sign_up(client, db, "eve@example.com")
    stolen = TestClient(app_on, cookies={"tailor_session": client.cookies["tailor_session"]})
    assert "Signed in as" in stolen.get("/me").text
    client.post("/signout", data={"_csrf": csrf(client, "/me")})
    assert stolen.get("/me", follow_redirects=False).status_code == 303, "the session ended on the server"


def test_sign_in_rotates_the_session_and_the_csrf_token(app_on: FastAPI, db: Engine) -> None:
    sign_up(TestClient(app_on), db, "fay@example.com")
    client = TestClient(app_on)
    before = csrf(client, "/signin")
    planted = "attacker-chosen-session-token-000000"
    client.cookies.set("tailor_session", planted, domain="testserver.local")
    signed = sign_in(client, "fay@example.com")
    assert planted not in signed.headers["set-cookie"]
    assert client.cookies.get("tailor_session", domain="testserver.local") != planted
    after = csrf(client, "/me")
    assert after != before
    refused = client.post("/me/consents", data={"_csrf": before}, follow_redirects=False)
    assert refused.status_code == 403


def test_a_password_change_ends_every_other_session(app_on: FastAPI, db: Engine) -> None:
    laptop = TestClient(app_on)
    sign_up(laptop, db, "gus@example.com")
    phone = TestClient(app_on)
    sign_in(phone, "gus@example.com")
    weak = laptop.post("/me/password", data={"_csrf": csrf(laptop, "/me"), "current": PASSWORD,
                                              "password": "aaaaaaaaaaaa"})  # fmt: skip
    assert weak.status_code == 422
    assert "too easy to guess" in weak.text
    fields = {"_csrf": csrf(laptop, "/me"), "current": PASSWORD, "password": "violet tractor umbrella"}
    changed = laptop.post("/me/password", data=fields, follow_redirects=False)
    assert changed.status_code == 303
    assert "Signed in as" in laptop.get("/me").text, "this browser stays signed in"
    assert phone.get("/me", follow_redirects=False).status_code == 303, "the other one is signed out"
    assert sign_in(TestClient(app_on), "gus@example.com").status_code == 401
    assert sign_in(TestClient(app_on), "gus@example.com", "violet tractor umbrella").status_code == 303


def test_erasure_ends_every_session_and_the_account(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    sign_up(client, db, "hal@example.com")
    with Session(db) as session:
        customer = session.exec(select(Customer)).one()
        erase_customer(session=session, customer_id=int(customer.id or 0))
        assert session.exec(select(Account)).first() is None
    assert client.get("/me", follow_redirects=False).status_code == 303
    assert sign_in(TestClient(app_on), "hal@example.com").status_code == 401


def test_wrong_passwords_are_throttled_even_before_the_right_one(app_on: FastAPI, db: Engine) -> None:
    sign_up(TestClient(app_on), db, "ivy@example.com")
    attacker = TestClient(app_on)
    statuses = [sign_in(attacker, "ivy@example.com", f"guess number {n}").status_code for n in range(6)]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    right = sign_in(attacker, "ivy@example.com")
    assert right.status_code == 429, "the right password after many wrong ones waits too"
    assert "too many tries" in right.text
    elsewhere = sign_in(TestClient(app_on), "ivy@example.com")
    assert elsewhere.status_code == 429, "the count is per account, in the database"


def test_a_reset_link_sets_a_new_password_and_lifts_the_throttle(app_on: FastAPI, db: Engine) -> None:
    sign_up(TestClient(app_on), db, "jo@example.com")
    for n in range(6):
        sign_in(TestClient(app_on), "jo@example.com", f"guess number {n}")
    client = TestClient(app_on)
    asked = client.post("/forgot", data={"_csrf": csrf(client, "/forgot"), "email": "jo@example.com"})
    unknown = client.post("/forgot", data={"_csrf": csrf(client, "/forgot"), "email": "nobody@example.com"})
    assert asked.status_code == unknown.status_code == 200
    link = mailed_link(db, "jo@example.com", "reset")
    short = open_link(client, link, password="short")
    assert short.status_code == 422
    done = open_link(client, link, password="lantern pebble orchard")
    assert done.status_code == 303
    assert "Signed in as" in client.get("/me").text
    assert sign_in(TestClient(app_on), "jo@example.com", "lantern pebble orchard").status_code == 303
    assert open_link(TestClient(app_on), link, password="another fine phrase").status_code == 410


def test_bad_sign_ups_and_forged_sessions_are_refused(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    short = ask_sign_up(client, "dee@example.com", password="short")
    assert short.status_code == 422
    assert "at least 10 characters" in short.text
    for common in ("password123", "aaaaaaaaaaaa", "qwertyuiop12", "anaruiz2024!"):
        weak = ask_sign_up(client, "dee@example.com", password=common)
        assert weak.status_code == 422, common
        assert "too easy to guess" in weak.text
    huge = ask_sign_up(client, "dee@example.com", password="x" * 1_000_000)
    assert huge.status_code == 422
    assert "at most 128 characters" in huge.text
    too_big = ask_sign_up(client, "dee@example.com", password="x" * 2_000_000)
    assert too_big.status_code == 413
    long = ask_sign_up(client, "dee@example.com", password="word " * 30)
    assert long.status_code == 422
    assert "at most 128 characters" in long.text
    named = ask_sign_up(client, "dee@example.com", name="N" * 100_000)
    assert named.status_code == 422
    assert "at most 200 characters" in named.text
    forged = TestClient(app_on, cookies={"tailor_session": "1.99999999999.deadbeef"})
    assert forged.get("/me", follow_redirects=False).status_code == 303
    no_token = TestClient(app_on).post("/signup", data={"name": "X", "email": "x@example.com", "password": PASSWORD})
    assert no_token.status_code == 403
    with Session(db) as session:
        assert session.exec(select(Account)).first() is None
