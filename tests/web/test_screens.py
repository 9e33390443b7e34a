"""Every screen, as a full page and as its htmx fragment, and in each language with nothing left in
English (on SQLite and PostgreSQL).

The screens are reached the way people reach them: an admin (who may also see the reps' pages)
signs up, saves, orders and asks for a quote, then opens each page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Consent, Interaction
from app.web.forms import query_of
from app.web.i18n import LOCALES, translations
from tests.web.accounts import PASSWORD, account, mailed_link, mailed_message, open_link
from tests.web.test_ordering import JEANS, complete_jeans, form_of, post

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
Screen = Callable[[TestClient, dict[str, str]], Any]


def screens(client: TestClient, db: Engine) -> dict[str, Screen]:
    """Each screen of the app, as a request that opens it (with the given headers)."""
    choices = query_of(complete_jeans())
    order_form = form_of(client.get(f"{JEANS}/order?{choices}").text)
    who = [("_name", "Ana Ruiz"), ("_email", "ana@example.com")]
    placed = post(client, f"{JEANS}/order", [*order_form, *who])
    receipt = placed.url.path if placed.status_code == 200 else placed.headers["location"]
    saved = client.post(f"{JEANS}/save", data={"_csrf": order_form[0][1], "fit": "classic"}, follow_redirects=False)
    private = saved.headers["location"]
    share = re.search(r'id="share-link" class="link" readonly value="([^"]+)"', client.get(private).text)
    assert share
    with Session(db) as session:
        customer_id = session.exec(select(Interaction)).first().customer_id  # type: ignore[union-attr]

    def get(url: str) -> Screen:
        return lambda c, headers: c.get(url, headers=headers)

    def quote(c: TestClient, headers: dict[str, str]) -> Any:
        body = "&".join(f"{k}={v}" for k, v in [*order_form, *who, ("_message", "Forty")])
        return c.post(
            f"{JEANS}/quote", content=body, headers={**headers, "content-type": "application/x-www-form-urlencoded"}
        )

    return {
        "home": get("/"),
        "configurator": get(f"{JEANS}?{choices}"),
        "configurator with a conflict": get(f"{JEANS}?inseam=28&addons=turn_up_hem"),
        "order": get(f"{JEANS}/order?{choices}"),
        "receipt": get(receipt),
        "quote sent": quote,
        "saved (private)": get(private),
        "saved (shared)": get(share.group(1)),
        "my configurations": get("/saved"),
        "sign up": get("/signup"),
        "sign in": get("/signin"),
        "my data": get("/me"),
        "quote requests": get("/reps/quotes"),
        "a customer's timeline": get(f"/reps/customers/{customer_id}"),
        "accounts and roles": get("/admin/accounts"),
        "not found": get("/configure/jeans/no-such-product"),
    }


@pytest.fixture
def signed_in(app_on: FastAPI, db: Engine) -> tuple[TestClient, dict[str, Screen]]:
    client = account(app_on, db, "boss@tailor.example", "admin")
    return client, screens(client, db)


def test_every_screen_is_a_full_page_and_an_htmx_fragment(signed_in: tuple[TestClient, dict[str, Screen]]) -> None:
    client, all_screens = signed_in
    wrong: list[str] = []
    for name, open_screen in all_screens.items():
        page = open_screen(client, {})
        fragment = open_screen(client, {"HX-Request": "true"})
        if "<html" not in page.text or '<main id="main">' not in page.text:
            wrong.append(f"{name}: the full page has no layout ({page.status_code})")
        if "<html" in fragment.text or "site-header" in fragment.text:
            wrong.append(f"{name}: the fragment carries the layout")
        if fragment.status_code != page.status_code:
            wrong.append(f"{name}: page {page.status_code}, fragment {fragment.status_code}")
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S)
        if heading is None or heading.group(0) not in fragment.text:
            wrong.append(f"{name}: the fragment lacks the page's heading")
    assert not wrong, "\n".join(wrong)


def english_sentences() -> set[str]:
    """The templates' own sentences (long enough to be unmistakable, without places to fill in)."""
    found: set[str] = set()
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text()
        found |= set(re.findall(r'_\("([^"{]{14,})"', source)) | set(re.findall(r"_\('([^'{]{14,})'", source))
    return found


@pytest.mark.parametrize("locale", [code for code in LOCALES if code != "en"])
def test_every_screen_speaks_the_language_chosen(signed_in: tuple[TestClient, dict[str, Screen]], locale: str) -> None:
    client, all_screens = signed_in
    client.get("/", params={"lang": locale})
    catalog = translations(locale)
    sentences = {s for s in english_sentences() if catalog.gettext(s) != s}
    wrong: list[str] = []
    for name, open_screen in all_screens.items():
        text = open_screen(client, {}).text
        if f'<html lang="{locale}">' not in text:
            wrong.append(f"{name}: not in {locale}")
        left = sorted(s for s in sentences if s.replace('"', "&#34;") in text or s in text)
        if left:
            wrong.append(f"{name}: still in English: {left}")
    assert not wrong, "\n".join(wrong)


def test_error_messages_and_consent_words_are_in_the_language_of_the_page(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    client.get("/", params={"lang": "es"})
    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', client.get("/signin").text)
    assert token
    refused = client.post("/signin", data={"_csrf": token.group(1), "email": "x@example.com", "password": "nope"})
    assert refused.status_code == 401
    assert "el correo o la contraseña no son correctos" in refused.text
    short = client.post("/signup", data={"_csrf": token.group(1), "name": "Ana", "email": "a@example.com",
                                         "password": "short"})  # fmt: skip
    assert "contraseña: usa 10 caracteres como mínimo" in short.text
    assert "Usad lo que os cuento" in short.text
    missing = client.get("/configure/jeans/no-such-product")
    assert missing.status_code == 404
    assert "el catálogo «jeans» no tiene el producto «no-such-product»" in missing.text
    made = client.post("/signup", data={"_csrf": token.group(1), "name": "Ana", "email": "a@example.com",
                                        "password": PASSWORD, "consent_personalisation": "1"})  # fmt: skip
    assert made.status_code == 200
    assert "Revisa tu correo" in made.text
    assert "Para terminar de crear tu cuenta" in mailed_message(db, "a@example.com").body_text
    assert open_link(client, mailed_link(db, "a@example.com")).status_code == 303
    with Session(db) as session:
        consent = session.exec(select(Consent)).one()
    assert consent.text_shown.startswith("Usad lo que os cuento y lo que compro")
