"""Discount authority on the web: a rep asks, a sales manager approves or rejects with a comment, a change
after approval asks again; the admins' policy page; who may do what (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Account, Quote
from app.services.quotes.approvals import approvals_of, ask_approval
from app.services.quotes.policy import authority_policy
from app.services.quotes.store import change_line, lines_of, quote_of
from tests.services.quotes.builders import quote_with_jeans
from tests.web.accounts import account, csrf
from tests.web.reps_roles import assert_only_reps

CSRF = re.compile(r'name="_csrf" value="([0-9a-f]+)"')


def _row(db: Engine, email: str) -> Account:
    with Session(db) as session:
        return session.exec(select(Account).where(Account.email == email)).one()


def _quote_above(db: Engine, email: str, discount: str = "30") -> Quote:
    """A draft of the rep `email` with one line at `discount` % (above every tier's authority)."""
    with Session(db) as session:
        rep = session.exec(select(Account).where(Account.email == email)).one()
        quote = quote_with_jeans(session, rep)
        qid = int(quote.id or 0)
        key = lines_of(session=session, quote_id=qid)[0].key
        change_line(session=session, quote_id=qid, version=quote.version, actor=rep, key=key, quantity="1",
                    discount_percent=discount)  # fmt: skip
        return quote_of(session=session, quote_id=qid)


def _asked(db: Engine, email: str, reason: str = "Wedding of 40") -> tuple[Quote, int]:
    quote = _quote_above(db, email)
    with Session(db) as session:
        rep = session.exec(select(Account).where(Account.email == email)).one()
        asked = ask_approval(session=session, quote_id=int(quote.id or 0), version=quote.version, actor=rep,
                             reason=reason)  # fmt: skip
        return quote_of(session=session, quote_id=int(quote.id or 0)), int(asked.id or 0)


def _token(client: TestClient) -> str:
    return csrf(client, "/me")


def test_a_rep_asks_and_a_manager_approves_then_a_change_asks_again(app_on: FastAPI, db: Engine) -> None:
    rep = account(app_on, db, "rita@tailor.example", "rep")
    boss = account(app_on, db, "mara@tailor.example", "sales_manager")
    quote = _quote_above(db, "rita@tailor.example")
    url = f"/reps/quotes/{quote.id}/approval"
    page = rep.get(f"/reps/quotes/{quote.id}")
    assert "A discount of 30% is above the 8% a rep may give a customer of tier ordinary" in page.text
    assert 'action="http://testserver/reps/quotes/' + str(quote.id) + '/approval"' in page.text
    empty = rep.post(url, data={"_csrf": _token(rep), "version": str(quote.version), "reason": "  "})
    assert empty.status_code == 422
    assert 'id="approval-reason" name="reason"' in empty.text
    assert 'aria-invalid="true"' in empty.text
    assert "reason: say why the customer should have this discount" in empty.text
    stale = rep.post(url, data={"_csrf": _token(rep), "version": str(quote.version - 1), "reason": "Loyal"})
    assert stale.status_code == 409
    asked = rep.post(url, data={"_csrf": _token(rep), "version": str(quote.version), "reason": "Wedding of 40"},
                     follow_redirects=False)  # fmt: skip
    assert asked.status_code == 303
    assert asked.headers["location"].endswith(f"/reps/quotes/{quote.id}#approval")
    waiting = rep.get(f"/reps/quotes/{quote.id}")
    assert "Waiting for a sales manager." in waiting.text
    assert "rita@tailor.example asked" in waiting.text
    assert 'name="reason"' not in waiting.text, "asked once"
    again = rep.post(url, data={"_csrf": _token(rep), "version": str(quote.version), "reason": "Wedding of 40"})
    assert again.status_code == 409
    board = boss.get("/reps/approvals")
    assert board.status_code == 200
    assert "Wedding of 40" in board.text
    assert "rita@tailor.example" in board.text
    assert "A discount of 30% is above the 8% a rep may give a customer of tier ordinary, by 22 points." in board.text
    assert f'/reps/quotes/{quote.id}"' in board.text
    with Session(db) as session:
        approval = approvals_of(session=session, quote_id=int(quote.id or 0))[0]
    decide = f"/reps/approvals/{approval.id}"
    refused = boss.post(decide, data={"_csrf": _token(boss), "decision": "reject", "comment": " "})
    assert refused.status_code == 422
    assert "comment: tell the rep why the quote is sent back" in refused.text
    assert f'id="comment-{approval.id}-error"' in refused.text
    assert boss.post(decide, data={"_csrf": _token(boss), "decision": "maybe"}).status_code == 422
    approved = boss.post(decide, data={"_csrf": _token(boss), "decision": "approve", "comment": "Fine"},
                         follow_redirects=False)  # fmt: skip
    assert approved.status_code == 303
    assert "The quote is approved" in boss.get(approved.headers["location"]).text
    assert boss.post(decide, data={"_csrf": _token(boss), "decision": "approve"}).status_code == 409
    with Session(db) as session:
        owner = session.exec(select(Account).where(Account.email == "rita@tailor.example")).one()
        fresh = quote_of(session=session, quote_id=int(quote.id or 0))
        assert fresh.status == "approved"
        key = lines_of(session=session, quote_id=int(quote.id or 0))[0].key
        change_line(session=session, quote_id=int(quote.id or 0), version=fresh.version, actor=owner, key=key,
                    quantity="2", discount_percent="30")  # fmt: skip
        assert quote_of(session=session, quote_id=int(quote.id or 0)).status == "pending_approval"
    assert "Wedding of 40" in boss.get("/reps/approvals").text, "asked again with the same reason"


def test_a_manager_rejects_with_a_comment_and_the_quote_is_a_draft_again(app_on: FastAPI, db: Engine) -> None:
    account(app_on, db, "rita@tailor.example", "rep")
    admin = account(app_on, db, "root@tailor.example", "admin")
    quote, approval = _asked(db, "rita@tailor.example")
    data = {"_csrf": _token(admin), "decision": "reject", "comment": "Too deep for a first order"}
    rejected = admin.post(f"/reps/approvals/{approval}", data=data, follow_redirects=False)
    assert rejected.status_code == 303
    with Session(db) as session:
        assert quote_of(session=session, quote_id=int(quote.id or 0)).status == "draft"
        assert approvals_of(session=session, quote_id=int(quote.id or 0))[0].comment == "Too deep for a first order"
    assert "No quote is waiting for approval." in admin.get("/reps/approvals").text


def test_the_owner_cannot_approve_her_own_quote(app_on: FastAPI, db: Engine) -> None:
    boss = account(app_on, db, "mara@tailor.example", "sales_manager")
    _, approval = _asked(db, "mara@tailor.example")
    board = boss.get("/reps/approvals")
    assert "Your own quote: another sales manager decides." in board.text
    assert f'id="decide-{approval}"' not in board.text
    mine = boss.post(f"/reps/approvals/{approval}", data={"_csrf": _token(boss), "decision": "approve"})
    assert mine.status_code == 403


def test_who_may_ask_decide_and_see_the_approvals(app_on: FastAPI, db: Engine) -> None:
    rep = account(app_on, db, "rita@tailor.example", "rep")
    other = account(app_on, db, "otto@tailor.example", "rep")
    boss = account(app_on, db, "mara@tailor.example", "sales_manager")
    quote, approval = _asked(db, "rita@tailor.example")
    draft = _quote_above(db, "rita@tailor.example")

    def ask(client: TestClient, qid: int = int(draft.id or 0)) -> Any:
        token = CSRF.search(client.get("/me").text)
        data = {"_csrf": token.group(1) if token else "", "version": str(draft.version), "reason": "x"}
        return client.post(f"/reps/quotes/{qid}/approval", data=data)

    def board(client: TestClient) -> Any:
        return client.get("/reps/approvals")

    def decide(client: TestClient, aid: int = approval) -> Any:
        token = CSRF.search(client.get("/me").text)
        return client.post(f"/reps/approvals/{aid}", data={"_csrf": token.group(1) if token else "",
                                                           "decision": "approve"})  # fmt: skip

    assert_only_reps(app_on, db, ask, board, decide)
    assert board(rep).status_code == 403
    assert decide(rep).status_code == 403
    assert ask(other).status_code == 403, "another rep's quote"
    assert ask(rep, 999999).status_code == 404
    assert decide(boss, 999999).status_code == 404
    assert rep.post(f"/reps/quotes/{draft.id}/approval", data={"version": "1", "reason": "x"}).status_code == 403
    assert boss.post(f"/reps/approvals/{approval}", data={"decision": "approve"}).status_code == 403
    assert quote.status == "pending_approval"


def test_an_admin_saves_the_policy_and_sees_who_saved_it(app_on: FastAPI, db: Engine) -> None:
    admin = account(app_on, db, "root@tailor.example", "admin")
    page = admin.get("/admin/quote-policy")
    assert page.status_code == 200
    assert 'name="ordinary.max_discount_percent" value="8"' in page.text
    assert "Nobody saved a policy yet" in page.text
    assert '/admin/quote-policy"' in admin.get("/admin/accounts").text
    values = {f"{tier}.{name}": "10" for tier in ("retain", "grow", "ordinary", "below_zero")
              for name in ("max_discount_percent", "margin_floor_percent")}  # fmt: skip
    wrong = admin.post(
        "/admin/quote-policy", data={"_csrf": _token(admin), **values, "grow.margin_floor_percent": "lots"}
    )
    assert wrong.status_code == 422
    assert "grow.margin_floor_percent: &#39;lots&#39; is not a percent" in wrong.text
    assert 'id="grow-margin_floor_percent" name="grow.margin_floor_percent" value="lots"' in wrong.text
    assert 'aria-invalid="true" aria-describedby="grow-margin_floor_percent-error"' in wrong.text
    negative = admin.post(
        "/admin/quote-policy", data={"_csrf": _token(admin), **values, "retain.max_discount_percent": "-1"}
    )
    assert negative.status_code == 422
    assert 'id="retain-max_discount_percent-error"' in negative.text
    typed = {"_csrf": _token(admin), **values, "ordinary.max_discount_percent": "12,5"}
    saved = admin.post("/admin/quote-policy", data=typed, follow_redirects=False)
    assert saved.status_code == 303
    after = admin.get(saved.headers["location"])
    assert 'name="ordinary.max_discount_percent" value="12.5' in after.text
    assert "root@tailor.example" in after.text
    assert "The policy is saved" in after.text
    with Session(db) as session:
        assert str(authority_policy(session=session).tiers["ordinary"].max_discount_percent) in ("12.5", "12.50")
    spanish = admin.get("/admin/quote-policy", params={"lang": "es"})
    assert "12,5" in spanish.text


def test_only_admins_see_and_save_the_policy(app_on: FastAPI, db: Engine) -> None:
    boss = account(app_on, db, "mara@tailor.example", "sales_manager")
    admin = account(app_on, db, "root@tailor.example", "admin")
    assert boss.get("/admin/quote-policy").status_code == 403
    assert account(app_on, db, "rita@tailor.example", "rep").get("/admin/quote-policy").status_code == 403
    assert account(app_on, db, "cat@tailor.example", "catalog_manager").get("/admin/quote-policy").status_code == 403
    assert account(app_on, db, "ana@example.com", "customer").get("/admin/quote-policy").status_code == 403
    assert TestClient(app_on).get("/admin/quote-policy").status_code == 401
    assert boss.post("/admin/quote-policy", data={"_csrf": _token(boss)}).status_code == 403
    assert admin.post("/admin/quote-policy", data={}).status_code == 403, "no CSRF token"
    assert TestClient(app_on).post("/admin/quote-policy", data={}).status_code in (401, 403)


def test_a_quote_within_authority_says_so_and_offers_no_ask_form(app_on: FastAPI, db: Engine) -> None:
    rep = account(app_on, db, "rita@tailor.example", "rep")
    with Session(db) as session:
        quote = quote_with_jeans(session, _row(db, "rita@tailor.example"))
    page = rep.get(f"/reps/quotes/{quote.id}", params={"lang": "es"})
    assert "Dentro de su autoridad: no hace falta aprobación." in page.text
    assert 'name="reason"' not in page.text


def test_the_nav_shows_approvals_to_managers_only_with_how_many_wait(app_on: FastAPI, db: Engine) -> None:
    boss = account(app_on, db, "mara@tailor.example", "sales_manager")
    assert '/reps/approvals"' in boss.get("/").text
    assert "nav-count" not in boss.get("/").text
    account(app_on, db, "rita@tailor.example", "rep")
    _asked(db, "rita@tailor.example")
    assert '<span class="nav-count">1<span class="visually-hidden"> waiting</span>' in boss.get("/").text
    assert '/reps/approvals"' not in account(app_on, db, "otto@tailor.example", "rep").get("/").text
    assert _row(db, "mara@tailor.example").role == "sales_manager"
