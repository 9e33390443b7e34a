"""A rep's quote pages (SQLite and PostgreSQL): open a quote from the 360, configure lines in the customer's
configurator on their behalf, change quantities, discounts and terms, and who may do what."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.services.quotes.store import lines_of, quote_of
from app.web.forms import choice_pairs
from tests.factories import complete_jeans, customer, measured, personalisation
from tests.web.accounts import account, csrf
from tests.web.reps_roles import assert_only_reps


def _ana(db: Engine, *, consent: bool = True) -> int:
    with Session(db) as session:
        ana = customer(session, email="ana@example.com", name="Ana Ruiz")
        measured(session, ana, "waist", 33)
        personalisation(session, ana, granted=consent)
        return ana


def _new_quote(rep: TestClient, customer_id: int) -> int:
    page = f"/reps/customers/{customer_id}"
    opened = rep.post(f"{page}/quotes", data={"_csrf": csrf(rep, page)}, follow_redirects=False)
    assert opened.status_code == 303, opened.text
    found = re.search(r"/reps/quotes/(\d+)$", opened.headers["location"])
    assert found
    return int(found.group(1))


def _version(db: Engine, quote_id: int) -> str:
    with Session(db) as session:
        return str(quote_of(session=session, quote_id=quote_id).version)


def _add_jeans(rep: TestClient, db: Engine, quote_id: int, quantity: str = "2") -> None:
    page = f"/reps/quotes/{quote_id}/configure/jeans/jeans"
    data = {"_csrf": csrf(rep, page), "version": _version(db, quote_id), "_catalog": "jeans", "_product": "jeans",
            "_quantity": quantity, **dict(choice_pairs(complete_jeans()))}  # fmt: skip
    added = rep.post(f"/reps/quotes/{quote_id}/lines", data=data, follow_redirects=False)
    assert added.status_code == 303, added.text


def test_a_rep_configures_for_the_customer_and_adds_lines(app_on: FastAPI, db: Engine) -> None:
    ana = _ana(db)
    rep = account(app_on, db, "rita@tailor.example", "rep")
    quote_id = _new_quote(rep, ana)
    page = rep.get(f"/reps/quotes/{quote_id}")
    assert page.status_code == 200
    assert "Ana Ruiz" in page.text
    assert "No lines yet" in page.text
    configurator = rep.get(f"/reps/quotes/{quote_id}/configure/jeans/jeans")
    assert configurator.status_code == 200
    assert "Configuring for Ana Ruiz" in configurator.text
    assert 'value="33"' in configurator.text, "her waist, which she allowed us to use, is prefilled"
    assert "Madrid" in configurator.text, "with where it came from"
    assert "save-form" not in configurator.text, "the rep adds to the quote, never saves as herself"
    _add_jeans(rep, db, quote_id, "2")
    with Session(db) as session:
        lines = lines_of(session=session, quote_id=quote_id)
        assert [line.quantity for line in lines] == [2]
        assert lines[0].context["values"]["channel"] == "call_centre"
    shown = rep.get(f"/reps/quotes/{quote_id}")
    assert "Volume breaks" in shown.text
    assert "Margin" in shown.text
    assert f"/reps/customers/{ana}" in shown.text
    assert f'/reps/quotes/{quote_id}"' in rep.get(f"/reps/customers/{ana}").text, "the 360 lists the quote"
    assert f'/reps/quotes/{quote_id}"' in rep.get("/reps/my-quotes").text


def test_bad_input_is_named_at_its_field_and_a_stale_copy_is_refused(app_on: FastAPI, db: Engine) -> None:
    ana = _ana(db)
    rep = account(app_on, db, "rita@tailor.example", "rep")
    quote_id = _new_quote(rep, ana)
    _add_jeans(rep, db, quote_id, "1")
    with Session(db) as session:
        key = lines_of(session=session, quote_id=quote_id)[0].key
    token, version = csrf(rep, f"/reps/quotes/{quote_id}"), _version(db, quote_id)
    line = f"/reps/quotes/{quote_id}/lines/{key}"
    bad = rep.post(line, data={"_csrf": token, "version": version, "quantity": "lots"})
    assert bad.status_code == 422
    assert "quantity: &#39;lots&#39; is not a whole number" in bad.text
    assert 'value="lots"' in bad.text, "what was typed is kept"
    ok = rep.post(line, data={"_csrf": token, "version": version, "quantity": "3", "discount_percent": "5"},
                  follow_redirects=False)  # fmt: skip
    assert ok.status_code == 303
    stale = rep.post(line, data={"_csrf": token, "version": version, "quantity": "4"})
    assert stale.status_code == 409
    terms = f"/reps/quotes/{quote_id}/terms"
    late = rep.post(terms, data={"_csrf": token, "version": _version(db, quote_id), "valid_until": "2001-01-01"})
    assert late.status_code == 422
    assert "valid until: 2001-01-01 has passed" in late.text
    spanish = rep.post(line, data={"_csrf": token, "version": _version(db, quote_id), "quantity": "0"},
                       headers={"Accept-Language": "es"})  # fmt: skip
    assert spanish.status_code == 422
    assert "cantidad" in spanish.text.lower()


def test_another_rep_reads_but_does_not_change_and_roles_are_checked(app_on: FastAPI, db: Engine) -> None:
    ana = _ana(db)
    rep = account(app_on, db, "rita@tailor.example", "rep")
    other = account(app_on, db, "otto@tailor.example", "rep")
    quote_id = _new_quote(rep, ana)
    _add_jeans(rep, db, quote_id)
    with Session(db) as session:
        key = lines_of(session=session, quote_id=quote_id)[0].key
    assert other.get(f"/reps/quotes/{quote_id}").status_code == 200
    token = csrf(other, f"/reps/quotes/{quote_id}/configure/jeans/jeans")
    refused = other.post(f"/reps/quotes/{quote_id}/lines/{key}",
                         data={"_csrf": token, "version": _version(db, quote_id), "quantity": "9"})  # fmt: skip
    assert refused.status_code == 403
    assert rep.get("/reps/quotes/999999").status_code == 404
    assert rep.get(f"/reps/quotes/{quote_id}/configure/nope/jeans").status_code == 404
    assert rep.post(f"/reps/quotes/{quote_id}/terms", data={"version": "1"}).status_code == 403, "no CSRF token"
    posts = {"version": "1", "quantity": "1"}
    assert_only_reps(
        app_on, db,
        lambda c: c.get(f"/reps/quotes/{quote_id}"),
        lambda c: c.get(f"/reps/quotes/{quote_id}/configure/jeans/jeans"),
        lambda c: c.get("/reps/my-quotes"),
        lambda c: c.post(f"/reps/customers/{ana}/quotes", data={"_csrf": csrf(c, "/signin")}),
        lambda c: c.post(f"/reps/quotes/{quote_id}/lines", data={"_csrf": csrf(c, "/signin"), **posts}),
        lambda c: c.post(f"/reps/quotes/{quote_id}/lines/{key}", data={"_csrf": csrf(c, "/signin"), **posts}),
        lambda c: c.post(f"/reps/quotes/{quote_id}/lines/{key}/remove", data={"_csrf": csrf(c, "/signin"), **posts}),
        lambda c: c.post(f"/reps/quotes/{quote_id}/terms", data={"_csrf": csrf(c, "/signin"), **posts}),
    )  # fmt: skip
