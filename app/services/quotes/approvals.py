"""Approvals: a quote above the rep's discount authority waits for a sales manager.

The rep asks with her reason; a manager (another account than the quote's owner) approves it or sends
it back with a comment. A change to a quote waiting for or holding an approval cancels that request
and, when the changed quote still passes a limit, asks again with the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.errors import ConflictError, ForbiddenError, NotFoundError, TailorError
from app.models import Account, Customer, Quote, QuoteApproval
from app.models.base import utcnow
from app.quotes.validity import Status
from app.quotes.validity import after_change as status_after_change
from app.services.quotes.priced import PricedQuote, priced_quote
from app.services.quotes.store import MANAGERS, editable, rolls_back

REASON_LENGTH = 1000
COMMENT_LENGTH = 2000


def after_change(*, session: Session, quote: Quote, priced: PricedQuote, actor: Account) -> None:
    """Move a changed quote's status (its `version` already the new one); ask again after approval."""
    current = Status(quote.status)
    needs = bool(priced.verdict and priced.verdict.needs_approval)
    quote.status = status_after_change(current, needs_approval=needs).value
    if current is Status.DRAFT:
        return
    _cancel_open(session, quote)
    if quote.status == Status.PENDING_APPROVAL:
        _ask(session, quote, priced, actor)


@rolls_back
def ask_approval(*, session: Session, quote_id: int, version: int, actor: Account, reason: str) -> QuoteApproval:
    """Send a draft above the rep's authority to the sales managers, with her `reason`."""
    quote = editable(session=session, quote_id=quote_id, version=version, actor=actor)
    if quote.status != Status.DRAFT:
        raise ConflictError("Quote {number} is {status}; only a draft is sent for approval.", number=quote.root_id,
                            status=quote.status)  # fmt: skip
    priced = priced_quote(session=session, quote=quote)
    if priced.verdict is None or not priced.verdict.needs_approval:
        raise ConflictError("Quote {number} is within your authority: send it to the customer.", number=quote.root_id)
    reason = reason.strip()
    if not reason:
        raise TailorError("reason: say why the customer should have this discount")
    if len(reason) > REASON_LENGTH:
        raise TailorError("reason: at most {count} characters", count=REASON_LENGTH)
    quote.reason, quote.status, quote.version, quote.updated_at = (
        reason,
        Status.PENDING_APPROVAL.value,
        quote.version + 1,
        utcnow(),
    )
    approval = _ask(session, quote, priced, actor)
    session.add(quote)
    session.commit()
    session.refresh(approval)
    return approval


@rolls_back
def decide(*, session: Session, approval_id: int, actor: Account, approve: bool, comment: str) -> QuoteApproval:
    """A sales manager approves the quote, or sends it back to draft with a `comment` (required then)."""
    if actor.role not in MANAGERS:
        raise ForbiddenError("Only a sales manager decides on a discount above a rep's authority.")
    approval = session.get(QuoteApproval, approval_id)
    if approval is None:
        raise NotFoundError("no approval request {number}", number=approval_id)
    quote = session.get(Quote, approval.quote_id)
    assert quote is not None
    if (
        approval.state != "pending"
        or quote.status != Status.PENDING_APPROVAL
        or quote.version != approval.quote_version
    ):
        raise ConflictError("This approval request was already decided or the quote changed since: reload the page.")
    if quote.owner_id == actor.id:
        raise ForbiddenError("Another sales manager decides on your own quote.")
    comment = comment.strip()
    if len(comment) > COMMENT_LENGTH:
        raise TailorError("comment: at most {count} characters", count=COMMENT_LENGTH)
    if not approve and not comment:
        raise TailorError("comment: tell the rep why the quote is sent back")
    now = utcnow()
    approval.state, approval.decided_by, approval.decided_at, approval.comment = (
        "approved" if approve else "rejected", actor.id, now, comment)  # fmt: skip
    quote.status = (Status.APPROVED if approve else Status.DRAFT).value
    quote.version, quote.updated_at = quote.version + 1, now
    session.add_all([approval, quote])
    session.commit()
    session.refresh(approval)
    return approval


@dataclass(frozen=True)
class Waiting:
    """An approval request waiting for a manager, with its quote and customer."""

    approval: QuoteApproval
    quote: Quote
    customer: str
    rep: str


def approvals_waiting(*, session: Session, limit: int = 100) -> list[Waiting]:
    """Pending approval requests, oldest first."""
    rows = session.exec(
        select(QuoteApproval, Quote, Customer)
        .join(Quote, col(Quote.id) == QuoteApproval.quote_id)
        .join(Customer, col(Customer.id) == Quote.customer_id)
        .where(QuoteApproval.state == "pending")
        .order_by(col(QuoteApproval.requested_at), col(QuoteApproval.id))
        .limit(limit)
    ).all()
    reps = _emails(session, {approval.requested_by for approval, _, _ in rows})
    return [
        Waiting(approval, quote, customer.name, reps.get(approval.requested_by or 0, ""))
        for approval, quote, customer in rows
    ]


def approvals_of(*, session: Session, quote_id: int) -> list[QuoteApproval]:
    """Every approval request of a quote revision, newest first."""
    query = select(QuoteApproval).where(QuoteApproval.quote_id == quote_id).order_by(col(QuoteApproval.id).desc())
    return list(session.exec(query).all())


def _ask(session: Session, quote: Quote, priced: PricedQuote, actor: Account) -> QuoteApproval:
    limits = [reason.model_dump(mode="json") for reason in (priced.verdict.reasons if priced.verdict else ())]
    approval = QuoteApproval(quote_id=int(quote.id or 0), quote_version=quote.version, requested_by=actor.id,
                             reason=quote.reason, limits=limits)  # fmt: skip
    session.add(approval)
    return approval


def _cancel_open(session: Session, quote: Quote) -> None:
    for approval in session.exec(
        select(QuoteApproval).where(QuoteApproval.quote_id == quote.id, QuoteApproval.state == "pending")
    ).all():
        approval.state, approval.decided_at = "cancelled", utcnow()
        session.add(approval)


def _emails(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {
        int(i or 0): e
        for i, e in session.exec(select(Account.id, Account.email).where(col(Account.id).in_(wanted))).all()
    }
