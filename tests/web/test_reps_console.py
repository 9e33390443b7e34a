"""The reps' console: search, the customer 360, logging contacts and complaints (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Interaction
from app.services.customers.complaints import cost_to_serve
from app.services.customers.consent import record_consent
from app.services.customers.records import Key, identify
from app.services.customers.value import as_of_date, recompute
from tests.web.accounts import account, csrf
from tests.web.reps_roles import assert_only_reps


def _customer(db: Engine, name: str = "Ana Ruiz", phone: str = "+34600123456") -> int:
    with Session(db) as session:
        keys = [Key("phone", phone), Key("email", f"{name.split()[0].lower()}@example.com")]
        found = identify(session=session, keys=keys, source="shop", name=name).customer
        assert found.id is not None
        return found.id


def test_a_phone_typed_with_spaces_and_a_name_with_a_typo_find_the_customer(app_on: FastAPI, db: Engine) -> None:
    ana = _customer(db)
    rep = account(app_on, db, "rui@tailor.example", "rep")
    found = rep.get("/reps/search", params={"q": "600 12 34 56"})
    assert found.status_code == 200
    assert f'/reps/customers/{ana}"' in found.text
    assert "Ana Ruiz" in found.text
    fuzzy = rep.get("/reps/search", params={"q": "Ana Ruis"}, headers={"HX-Request": "true"})
    assert f'/reps/customers/{ana}"' in fuzzy.text
    assert "<html" not in fuzzy.text, "htmx gets the results fragment"
    assert '/reps/search" role="search"' in rep.get("/reps/quotes").text, "the nav has the search box"
    assert rep.get("/reps/search", params={"q": "x" * 201}).status_code == 422


def test_a_sales_manager_is_a_rep_too(app_on: FastAPI, db: Engine) -> None:
    manager = account(app_on, db, "boss@tailor.example", "sales_manager")
    assert manager.get("/reps/search", params={"q": "ana"}).status_code == 200


def test_the_360_shows_tier_history_and_consents(app_on: FastAPI, db: Engine) -> None:
    ana = _customer(db)
    with Session(db) as session:
        for day in (1, 2, 3):
            recompute(session=session, as_of=as_of_date(datetime(2030, 1, day, tzinfo=UTC).date()))
        record_consent(session=session, customer_id=ana, channel="email", purpose="marketing", granted=True,
                       where="signup", text_shown="Yes, e-mail me")  # fmt: skip
    rep = account(app_on, db, "rui@tailor.example", "rep")
    page = rep.get(f"/reps/customers/{ana}")
    assert page.status_code == 200
    assert page.text.count('<circle class="dot') == 3
    assert "<polyline" in page.text
    assert "May be contacted by:" in page.text
    assert re.search(r'<td class="yes"[^>]*>allowed</td>', page.text)


def test_logging_a_call_raises_cost_to_serve_and_lands_on_the_timeline(app_on: FastAPI, db: Engine) -> None:
    ana = _customer(db)
    rep = account(app_on, db, "rui@tailor.example", "rep")
    url = f"/reps/customers/{ana}"
    logged = rep.post(f"{url}/contacts", data={"_csrf": csrf(rep, url), "what": "call", "summary": "Asked about hems",
                                                "cost": "4,50"}, follow_redirects=False)  # fmt: skip
    assert logged.status_code == 303
    page = rep.get(logged.headers["location"])
    assert "Asked about hems" in page.text
    assert "The contact is logged." in page.text
    with Session(db) as session:
        assert cost_to_serve(session=session, customer_id=ana) == 450
    calls = rep.get(f"{url}/timeline", params={"channel": "shop"}, headers={"HX-Request": "true"})
    assert "Asked about hems" not in calls.text
    assert calls.text.lstrip().startswith('<section class="panel" aria-labelledby="timeline-h" id="timeline">')
    assert "Asked about hems" in rep.get(f"{url}/timeline", params={"kind": "call"}).text
    bad = rep.post(f"{url}/contacts", data={"_csrf": csrf(rep, url), "what": "call", "summary": "Kept text",
                                             "cost": "lots"})  # fmt: skip
    assert bad.status_code == 422
    assert "cost: &#39;lots&#39; is not an amount" in bad.text
    assert "Kept text" in bad.text


def test_a_complaint_lifecycle(app_on: FastAPI, db: Engine) -> None:
    ana = _customer(db)
    rep = account(app_on, db, "rui@tailor.example", "rep")
    url = f"/reps/customers/{ana}"
    rep.post(f"{url}/contacts", data={"_csrf": csrf(rep, url), "what": "visit", "summary": "Zip broke",
                                      "complaint": "1", "owner": "eva@tailor.example"})  # fmt: skip
    page = rep.get(url).text
    assert "open complaint" in page
    assert "owner: eva@tailor.example" in page
    assert "open complaint" in rep.get("/reps/search", params={"q": "Ana Ruiz"}).text
    with Session(db) as session:
        complaint = session.exec(select(Interaction).where(Interaction.complaint)).one()
    close = f"{url}/complaints/{complaint.id}/close"
    empty = rep.post(close, data={"_csrf": csrf(rep, url), "resolution": "", "satisfaction": "4"})
    assert empty.status_code == 422
    done = rep.post(close, data={"_csrf": csrf(rep, url), "resolution": "New zip", "satisfaction": "2"})
    assert done.status_code == 200
    assert "The complaint is resolved." in done.text
    assert "open complaint" not in done.text
    assert "at risk" in done.text
    assert rep.post(close, data={"_csrf": csrf(rep, url), "resolution": "x"}).status_code == 409


def test_every_console_page_and_action_is_for_reps_only(app_on: FastAPI, db: Engine) -> None:
    ana = _customer(db)
    url = f"/reps/customers/{ana}"
    assert_only_reps(
        app_on, db,
        lambda c: c.get("/reps/search", params={"q": "ana"}),
        lambda c: c.get(url),
        lambda c: c.get(f"{url}/timeline"),
        lambda c: c.post(f"{url}/contacts", data={"_csrf": csrf(c, "/signin"), "what": "call", "summary": "x"}),
        lambda c: c.post(f"{url}/complaints/1/close", data={"_csrf": csrf(c, "/signin")}),
    )  # fmt: skip


def test_actions_need_the_csrf_token_and_unknown_ids_are_404(app_on: FastAPI, db: Engine) -> None:
    ana = _customer(db)
    rep = account(app_on, db, "rui@tailor.example", "rep")
    url = f"/reps/customers/{ana}"
    assert rep.post(f"{url}/contacts", data={"what": "call", "summary": "x"}).status_code == 403
    assert rep.get("/reps/customers/999999").status_code == 404
    assert rep.post("/reps/customers/999999/contacts", data={"_csrf": csrf(rep, url), "what": "call",
                                                             "summary": "x"}).status_code == 404  # fmt: skip
    assert (
        rep.post(f"{url}/complaints/999999/close", data={"_csrf": csrf(rep, url), "resolution": "x"}).status_code == 404
    )


def test_a_customer_never_sees_another_customers_data(app_on: FastAPI, db: Engine) -> None:
    eva = _customer(db, "Eva Secret", "+34611111111")
    customer = account(app_on, db, "cu@example.com", "customer")
    for answer in (customer.get(f"/reps/customers/{eva}"), customer.get("/reps/search", params={"q": "Eva Secret"}),
                   TestClient(app_on).get(f"/reps/customers/{eva}/timeline")):  # fmt: skip
        assert answer.status_code in (401, 403)
        assert "Eva Secret" not in answer.text
        assert "611" not in answer.text
