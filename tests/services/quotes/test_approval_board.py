"""What the approval pages read: waiting requests priced, a quote's requests with who asked and decided,
and the saved policies, newest first (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from app.services.quotes.approval_board import asked_of, pending_count, policy_history, waiting_rows
from app.services.quotes.approvals import ask_approval, decide
from app.services.quotes.policy import DEFAULT_POLICY, save_policy
from app.services.quotes.store import change_line, lines_of, quote_of
from tests.services.quotes.builders import quote_with_jeans, staff


def test_a_waiting_request_is_priced_and_its_history_names_who_asked_and_decided(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    boss = staff(session, "mara@example.com", "sales_manager")
    quote = quote_with_jeans(session, rep)
    qid = int(quote.id or 0)
    key = lines_of(session=session, quote_id=qid)[0].key
    change_line(session=session, quote_id=qid, version=quote.version, actor=rep, key=key, quantity="1",
                discount_percent="30")  # fmt: skip
    assert waiting_rows(session=session) == []
    asked = ask_approval(session=session, quote_id=qid, version=quote_of(session=session, quote_id=qid).version,
                         actor=rep, reason="Wedding of 40")  # fmt: skip
    rows = waiting_rows(session=session)
    assert pending_count(session=session) == 1
    assert [row.waiting.approval.id for row in rows] == [asked.id]
    assert rows[0].priced.verdict is not None
    assert rows[0].priced.verdict.discount_percent == Decimal("30.00")
    assert rows[0].priced.tier == "ordinary"
    decide(session=session, approval_id=int(asked.id or 0), actor=boss, approve=False, comment="Too deep")
    history = asked_of(session=session, quote=quote_of(session=session, quote_id=qid))
    assert [(h.asked_by, h.decided_by, h.approval.state) for h in history] == [
        ("rita@example.com", "mara@example.com", "rejected")
    ]
    assert pending_count(session=session) == 0


def test_the_policies_saved_are_listed_newest_first_with_who_saved_them(session: Session) -> None:
    admin = staff(session, "root@example.com", "admin")
    assert policy_history(session=session) == []
    save_policy(session=session, policy=DEFAULT_POLICY, actor=admin)
    tighter = DEFAULT_POLICY.model_copy(
        update={"tiers": {**DEFAULT_POLICY.tiers, "grow": DEFAULT_POLICY.tiers["ordinary"]}}
    )
    save_policy(session=session, policy=tighter, actor=admin)
    saved = policy_history(session=session)
    assert [s.saved_by for s in saved] == ["root@example.com", "root@example.com"]
    assert saved[0].policy.tiers["grow"] == DEFAULT_POLICY.tiers["ordinary"]
    assert saved[1].policy == DEFAULT_POLICY
