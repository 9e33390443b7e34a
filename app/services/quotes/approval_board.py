"""What the approval pages read: the waiting requests priced for a manager's table, a quote's requests
with who asked and who decided, and the authority policies saved so far (who, when)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from app.models import Account, AuthorityPolicyRecord, Quote, QuoteApproval
from app.quotes.authority import AuthorityPolicy
from app.services.quotes.approvals import Waiting, approvals_of, approvals_waiting
from app.services.quotes.priced import PricedQuote, priced_quote


@dataclass(frozen=True)
class WaitingRow:
    """A waiting request and its quote as priced now (tier, net, margin and the rep's discount)."""

    waiting: Waiting
    priced: PricedQuote


@dataclass(frozen=True)
class Asked:
    """One approval request of a quote, with the e-mails of who asked and who decided."""

    approval: QuoteApproval
    asked_by: str
    decided_by: str


@dataclass(frozen=True)
class PolicySave:
    """One saved authority policy: who saved it, when, and the limits."""

    saved_by: str
    saved_at: datetime
    policy: AuthorityPolicy


def waiting_rows(*, session: Session, limit: int = 100) -> list[WaitingRow]:
    """The pending approval requests, oldest first, each with its quote priced."""
    return [
        WaitingRow(waiting, priced_quote(session=session, quote=waiting.quote))
        for waiting in approvals_waiting(session=session, limit=limit)
    ]


def pending_count(*, session: Session) -> int:
    """How many approval requests wait for a manager."""
    return int(
        session.exec(select(func.count()).select_from(QuoteApproval).where(QuoteApproval.state == "pending")).one()
    )


def asked_of(*, session: Session, quote: Quote) -> list[Asked]:
    """Every approval request of `quote`, newest first, with who asked and who decided."""
    rows = approvals_of(session=session, quote_id=int(quote.id or 0))
    emails = _emails(session, {row.requested_by for row in rows} | {row.decided_by for row in rows})
    return [Asked(row, emails.get(row.requested_by or 0, ""), emails.get(row.decided_by or 0, "")) for row in rows]


def policy_history(*, session: Session, limit: int = 10) -> list[PolicySave]:
    """The newest saved policies first (the first one is in force)."""
    rows = session.exec(select(AuthorityPolicyRecord).order_by(col(AuthorityPolicyRecord.id).desc()).limit(limit)).all()
    emails = _emails(session, {row.saved_by for row in rows})
    return [
        PolicySave(emails.get(row.saved_by or 0, ""), row.saved_at, AuthorityPolicy.model_validate(row.document))
        for row in rows
    ]


def _emails(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    found = session.exec(select(Account.id, Account.email).where(col(Account.id).in_(wanted))).all()
    return {int(i or 0): email for i, email in found}
