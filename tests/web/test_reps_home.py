"""The reps' home at /reps: requests waiting and picked up, customers to call, the nav, and who may see it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Account, Customer, QuoteApproval, TierRecord
from app.services.configurator.saved import keep_draft
from app.services.customers.consent import record_consent
from app.services.customers.timeline import record_interaction
from app.services.quotes.store import create_quote
from tests.factories import complete_jeans, customer, shipped
from tests.web.accounts import account, csrf
from tests.web.reps_roles import assert_only_reps


def _asked(db: Engine, name: str, days_ago: int, value: int = 0) -> int:
    with Session(db) as session:
        found = customer(session, f"{name.lower()}@example.com", name)
        row = session.get(Customer, found)
        assert row is not None
        row.tier = "retain"
        session.add(TierRecord(customer_id=found, tier="retain", current_value_minor=value, strategic_value_minor=0,
                               cost_to_serve_minor=0))  # fmt: skip
        session.commit()
        record_interaction(session=session, customer_id=found, channel="web", kind="quote_request",
                           summary=f"Asked for a quote for Custom jeans: {name}", links={"price_minor": 8900},
                           at=datetime.now(UTC) - timedelta(days=days_ago, hours=1))  # fmt: skip
        return found


def test_only_reps_managers_and_admins_see_the_home(app_on: FastAPI, db: Engine) -> None:
    assert_only_reps(app_on, db, lambda client: client.get("/reps"))
    for role in ("rep", "sales_manager", "admin"):
        page = account(app_on, db, f"{role}@tailor.example", role).get("/reps")
        assert page.status_code == 200, role
        nav = page.text.split('<nav aria-label="Main">', 1)[1]
        assert re.search(r'href="[^"]*/reps">Home</a><a href="[^"]*/reps/quotes"', nav), "Home first"
    assert "/reps" not in account(app_on, db, "eve@example.com", "customer").get("/").text.split("<main", 1)[0]


def test_the_home_lists_waiting_requests_oldest_and_most_valuable_first_and_who_picked(
    app_on: FastAPI, db: Engine
) -> None:
    poor = _asked(db, "Pia", days_ago=3, value=10)
    rich = _asked(db, "Rita", days_ago=3, value=90_000)
    fresh = _asked(db, "Fe", days_ago=0, value=99_000)
    rep = account(app_on, db, "rui@tailor.example", "rep")
    page = rep.get("/reps")
    assert page.status_code == 200
    waiting = page.text.split('id="picked"')[0]
    order = [int(n) for n in re.findall(r'<td class="who"><a href="[^"]*/reps/customers/(\d+)">', waiting)]
    assert order == [rich, poor, fresh]
    assert "Waiting (3)" in page.text
    assert "€89.00" in page.text
    action = re.search(r'action="([^"]*/reps/quotes/\d+/pick)"', page.text)
    assert action
    assert rep.post(action.group(1), data={"_csrf": csrf(rep, "/reps")}, follow_redirects=False).status_code == 303
    again = rep.get("/reps")
    assert "Waiting (2)" in again.text
    picked = again.text.split('id="picked"', 1)[1].split('id="leads"', 1)[0]
    assert f"/reps/customers/{rich}" in picked
    assert "<strong>you</strong>" in picked
    assert re.search(r'href="/reps/quotes/\d+">Quote \d+</a>', picked), "the quote opened from the request"
    other = account(app_on, db, "eva@tailor.example", "rep").get("/reps").text
    assert "rui@tailor.example" in other.split('id="picked"', 1)[1]
    spanish = rep.get("/reps", params={"lang": "es"})
    assert "Solicitudes de presupuesto en espera" in spanish.text


def test_the_home_lists_valuable_contactable_customers_with_a_draft(app_on: FastAPI, db: Engine) -> None:
    with Session(db) as session:
        ana = customer(session, "ana@example.com", "Ana Ruiz")
        row = session.get(Customer, ana)
        assert row is not None
        row.tier = "grow"
        session.commit()
        record_consent(session=session, customer_id=ana, channel="phone", purpose="new_products", granted=True,
                       where="shop", text_shown="Call me about new things")  # fmt: skip
        draft = keep_draft(session=session, catalog=shipped(), product_id="jeans", choices=complete_jeans(),
                           customer_id=ana)  # fmt: skip
        assert draft is not None
        code = draft.share_code
    page = account(app_on, db, "rui@tailor.example", "rep").get("/reps")
    leads = page.text.split('id="leads"', 1)[1]
    assert f"/reps/customers/{ana}" in leads
    assert f"/shared/{code}" in leads or code in leads
    assert "phone" in leads


def test_my_quotes_for_every_rep_and_approvals_only_for_managers(app_on: FastAPI, db: Engine) -> None:
    rep = account(app_on, db, "rui@tailor.example", "rep")
    boss = account(app_on, db, "eva@tailor.example", "sales_manager")
    assert "You have no quotes yet." in rep.get("/reps").text
    with Session(db) as session:
        owner = session.exec(select(Account).where(Account.email == "rui@tailor.example")).one()
        ana = customer(session, "ana@example.com", "Ana Ruiz")
        quote = create_quote(session=session, customer_id=ana, owner=owner)
        session.add(QuoteApproval(quote_id=int(quote.id or 0), requested_by=owner.id, reason="Loyal for years"))
        session.commit()
        number = int(quote.id or 0)
    page = rep.get("/reps")
    mine = page.text.split('id="my-quotes"', 1)[1].split("</section>", 1)[0]
    assert f'href="/reps/quotes/{number}"' in mine
    assert "Ana Ruiz" in mine
    assert '<span class="count">1</span> draft' in mine
    assert 'id="approvals"' not in page.text, "a rep decides no approval"
    managed = boss.get("/reps").text
    approvals = managed.split('id="approvals"', 1)[1].split("</section>", 1)[0]
    assert "Loyal for years" in approvals
    assert "rui@tailor.example" in approvals
    assert "/reps/approvals#approval-" in approvals
