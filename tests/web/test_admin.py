"""Admins give the rep and admin roles on /admin/accounts; nobody else may; no admin can demote themselves."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Account
from tests.web.accounts import account, csrf

PAGE = "/admin/accounts"


def token(client: TestClient) -> str:
    found = re.search(r'name="_csrf" value="([0-9a-f]+)"', client.get(PAGE).text)
    assert found
    return found.group(1)


def role_of(db: Engine, email: str) -> str:
    with Session(db) as session:
        return session.exec(select(Account).where(Account.email == email)).one().role


def test_an_admin_makes_a_customer_a_sales_rep(app_on: FastAPI, db: Engine) -> None:
    admin = account(app_on, db, "boss@tailor.example", "admin")
    account(app_on, db, "sam@example.com", "customer")
    listed = admin.get(PAGE)
    assert "sam@example.com" in listed.text
    done = admin.post(f"{PAGE}/role", data={"_csrf": token(admin), "email": "sam@example.com", "role": "rep"})
    assert done.status_code == 200
    assert "sam@example.com is now rep." in done.text
    assert role_of(db, "sam@example.com") == "rep"


def test_bad_changes_are_explained_and_change_nothing(app_on: FastAPI, db: Engine) -> None:
    admin = account(app_on, db, "boss@tailor.example", "admin")
    own = admin.post(f"{PAGE}/role", data={"_csrf": token(admin), "email": "boss@tailor.example", "role": "rep"})
    assert "you cannot take away your own admin role" in own.text
    assert role_of(db, "boss@tailor.example") == "admin"
    unknown = admin.post(f"{PAGE}/role", data={"_csrf": token(admin), "email": "x@example.com", "role": "rep"})
    assert "no account has the e-mail" in unknown.text
    bad = admin.post(f"{PAGE}/role", data={"_csrf": token(admin), "email": "boss@tailor.example", "role": "king"})
    assert "king&#39; is not a role" in bad.text
    forged = admin.post(f"{PAGE}/role", data={"_csrf": "0" * 64, "email": "boss@tailor.example", "role": "rep"})
    assert forged.status_code == 403


def test_only_admins_see_or_change_roles(app_on: FastAPI, db: Engine) -> None:
    assert TestClient(app_on).get(PAGE).status_code == 401
    rep = account(app_on, db, "rep@tailor.example", "rep")
    assert rep.get(PAGE).status_code == 403
    data = {"_csrf": csrf(rep, "/signin"), "email": "rep@tailor.example", "role": "admin"}
    sent = rep.post(f"{PAGE}/role", data=data)
    assert sent.status_code == 403
    assert role_of(db, "rep@tailor.example") == "rep"
