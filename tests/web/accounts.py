"""Accounts in web tests: sign up through the real e-mailed link (read from the outbox), sign in, roles."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.models import Account, OutboxMessage

PASSWORD = "correct horse battery"
LINK = re.compile(r"https?://[^\s/]+(/[^\s]+)")


def csrf(client: TestClient, url: str) -> str:
    """The CSRF token of the first form on the page at `url`."""
    found = re.search(r'name="_csrf" value="([0-9a-f]+)"', client.get(url).text)
    assert found, f"no form on {url}"
    return found.group(1)


def mailed_message(db: Engine, to: str, kind: str | None = None) -> OutboxMessage:
    """The newest e-mail queued to `to` (of `kind`, if given)."""
    with Session(db) as session:
        query = select(OutboxMessage).where(OutboxMessage.to_address == to.lower())
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        message = session.exec(query.order_by(col(OutboxMessage.id).desc())).first()
        assert message is not None, f"no e-mail to {to}"
        return message


def mailed_link(db: Engine, to: str, kind: str | None = None) -> str:
    """The path of the link in the newest e-mail queued to `to` (of `kind`, if given)."""
    found = LINK.search(mailed_message(db, to, kind).body_text)
    assert found, "the e-mail has no link"
    return found.group(1)


def open_link(client: TestClient, path: str, **fields: str) -> Any:
    """Open an e-mailed link: its page, then its button (a POST with the page's CSRF token)."""
    return client.post(path, data={"_csrf": csrf(client, path), **fields}, follow_redirects=False)


def ask_sign_up(client: TestClient, email: str, **extra: str) -> Any:
    """Post the sign-up form."""
    data = {"_csrf": csrf(client, "/signup"), "name": "Ana Ruiz", "email": email, "password": PASSWORD, **extra}
    return client.post("/signup", data=data, follow_redirects=False)


def sign_up(client: TestClient, db: Engine, email: str, **extra: str) -> Any:
    """Sign up and finish from the e-mailed link (signed in afterwards); the link's answer."""
    asked = ask_sign_up(client, email, **extra)
    assert asked.status_code == 200, asked.text
    return open_link(client, mailed_link(db, email, "signup"))


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    """Post the sign-in form."""
    return client.post("/signin", data={"_csrf": csrf(client, "/signin"), "email": email, "password": password},
                       follow_redirects=False)  # fmt: skip


def account(app_on: FastAPI, db: Engine, email: str, role: str, **extra: str) -> TestClient:
    """A browser signed in to a new account with `role`."""
    client = TestClient(app_on)
    made = sign_up(client, db, email, **extra)
    assert made.status_code == 303, made.text
    with Session(db) as session:
        row = session.exec(select(Account).where(Account.email == email.lower())).one()
        row.role = role
        session.commit()
    return client


BEACON = re.compile(r'<form class="beacon" hidden method="post" action="([^"]+)".*?</form>', re.S)
FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def browse(client: TestClient, url: str, params: dict[str, Any] | None = None) -> Any:
    """Open a configurator page as a browser with htmx does: the page, then its beacon (a POST)."""
    page = client.get(url, params=params)
    beacon = BEACON.search(page.text)
    if beacon is not None:
        fields = [(name, value.replace("&amp;", "&")) for name, value in FIELD.findall(beacon.group(0))]
        form = {"content-type": "application/x-www-form-urlencoded"}
        sent = client.post(beacon.group(1).replace("&amp;", "&"), content=urlencode(fields), headers=form)
        assert sent.status_code == 204, sent.text
    return page
