"""Approvals (on SQLite and PostgreSQL): a quote above the rep's authority waits for another manager, and a
change after approval asks again."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.errors import ConflictError, ForbiddenError, TailorError
from app.services.quotes.approvals import approvals_of, approvals_waiting, ask_approval, decide
from app.services.quotes.priced import priced_quote
from app.services.quotes.store import change_line, lines_of, quote_of
from tests.services.quotes.builders import quote_with_jeans, staff


def test_a_discount_above_authority_waits_for_another_manager_and_a_change_asks_again(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    boss = staff(session, "mara@example.com", "sales_manager")
    quote = quote_with_jeans(session, rep)
    qid, key = int(quote.id or 0), lines_of(session=session, quote_id=int(quote.id or 0))[0].key
    with pytest.raises(ConflictError, match="within your authority"):
        ask_approval(session=session, quote_id=qid, version=quote.version, actor=rep, reason="loyal")
    change_line(session=session, quote_id=qid, version=quote.version, actor=rep, key=key, quantity="1",
                discount_percent="30")  # fmt: skip
    fresh = quote_of(session=session, quote_id=qid)
    verdict = priced_quote(session=session, quote=fresh).verdict
    assert verdict is not None
    assert verdict.needs_approval
    assert {reason.limit for reason in verdict.reasons} >= {"discount"}
    with pytest.raises(TailorError, match="reason: say why"):
        ask_approval(session=session, quote_id=qid, version=fresh.version, actor=rep, reason=" ")
    asked = ask_approval(session=session, quote_id=qid, version=fresh.version, actor=rep, reason="Wedding of 40")
    assert quote_of(session=session, quote_id=qid).status == "pending_approval"
    assert [w.approval.id for w in approvals_waiting(session=session)] == [asked.id]
    with pytest.raises(ForbiddenError):
        decide(session=session, approval_id=int(asked.id or 0), actor=rep, approve=True, comment="")
    with pytest.raises(TailorError, match="comment: tell the rep why"):
        decide(session=session, approval_id=int(asked.id or 0), actor=boss, approve=False, comment="")
    decide(session=session, approval_id=int(asked.id or 0), actor=boss, approve=True, comment="ok")
    approved = quote_of(session=session, quote_id=qid)
    assert approved.status == "approved"
    change_line(session=session, quote_id=qid, version=approved.version, actor=rep, key=key, quantity="2",
                discount_percent="30")  # fmt: skip
    again = quote_of(session=session, quote_id=qid)
    assert again.status == "pending_approval"
    assert [a.state for a in approvals_of(session=session, quote_id=qid)] == ["pending", "approved"]
    assert approvals_of(session=session, quote_id=qid)[0].reason == "Wedding of 40"
    change_line(session=session, quote_id=qid, version=again.version, actor=rep, key=key, quantity="2")
    assert quote_of(session=session, quote_id=qid).status == "draft"
    assert [a.state for a in approvals_of(session=session, quote_id=qid)] == ["cancelled", "approved"]
