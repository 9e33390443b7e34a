"""The reps' home, its quotes: requests waiting (oldest and most valuable first) and those picked up lately,
with who took each; the rep's own quotes by status; approvals a manager may decide.

Order of the waiting ones: by whole days waiting, more first; within a day, the customer's current value
(their newest tier record; none counts as 0) larger first; then the price the customer was shown, larger
first; then the oldest. So a request never waits behind a newer one for more than a day, and within a day
the most valuable customer is served first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import Customer, Interaction, Quote, TierRecord
from app.models.base import utcnow
from app.models.quotes import QUOTE_STATUSES
from app.services.quotes.approvals import Waiting as ApprovalWaiting
from app.services.quotes.approvals import approvals_waiting

WAITING_MOST = 500
"""Most waiting requests read (the oldest); the page says how many wait in all."""
PICKED_DAYS = 7
PICKED_MOST = 20


@dataclass(frozen=True)
class Waiting:
    """A request nobody has picked up: who asked, their tier and current value, how long it waits."""

    request: Interaction
    name: str
    tier: str | None
    value_minor: int
    days: int

    @property
    def price_minor(self) -> int:
        """The price the customer was shown (0 when it could not be priced)."""
        price = self.request.links.get("price_minor")
        return price if isinstance(price, int) else 0


@dataclass(frozen=True)
class Picked:
    """A request a rep took lately: who asked, who took it (None for those taken before it was kept) and the
    quote that answers it (the first revision's id; None when none was opened)."""

    request: Interaction
    name: str
    by: str | None
    quote_id: int | None = None


def waiting_requests(*, session: Session, now: datetime | None = None) -> tuple[list[Waiting], int]:
    """The open quote requests, oldest and most valuable first (see the module), and how many are open."""
    moment = now or utcnow()
    is_open = (Interaction.kind == "quote_request", col(Interaction.resolved_at).is_(None))
    total = session.exec(select(func.count()).select_from(Interaction).where(*is_open)).one()
    newest = select(TierRecord.customer_id, func.max(TierRecord.id).label("newest")).group_by(
        col(TierRecord.customer_id)
    ).subquery()  # fmt: skip
    rows = session.exec(
        select(Interaction, Customer.name, Customer.tier, TierRecord.current_value_minor)
        .join(Customer, col(Customer.id) == col(Interaction.customer_id))
        .join(newest, newest.c.customer_id == col(Interaction.customer_id), isouter=True)
        .join(TierRecord, col(TierRecord.id) == newest.c.newest, isouter=True)
        .where(*is_open)
        .order_by(col(Interaction.occurred_at), col(Interaction.id))
        .limit(WAITING_MOST)
    ).all()  # fmt: skip
    found = [Waiting(request, name, tier, int(value or 0), max((moment - request.occurred_at).days, 0))
             for request, name, tier, value in rows]  # fmt: skip
    found.sort(key=lambda w: (-w.days, -w.value_minor, -w.price_minor, w.request.occurred_at, w.request.id or 0))
    return found, int(total)


def picked_lately(*, session: Session, now: datetime | None = None, days: int = PICKED_DAYS) -> list[Picked]:
    """Quote requests picked up in the last `days` days, the latest first, with who took each."""
    since = (now or utcnow()) - timedelta(days=days)
    rows = session.exec(
        select(Interaction, Customer.name)
        .join(Customer, col(Customer.id) == col(Interaction.customer_id))
        .where(Interaction.kind == "quote_request", col(Interaction.resolved_at) >= since)
        .order_by(col(Interaction.resolved_at).desc(), col(Interaction.id).desc())
        .limit(PICKED_MOST)
    ).all()  # fmt: skip
    asked = [int(request.id or 0) for request, _ in rows]
    answers = session.exec(
        select(Quote.request_id, func.min(Quote.root_id)).where(col(Quote.request_id).in_(asked))
        .group_by(col(Quote.request_id))
    ).all() if asked else []  # fmt: skip
    quotes = {int(request or 0): root for request, root in answers}
    return [Picked(request, name, request.who, quotes.get(int(request.id or 0))) for request, name in rows]


QUOTES_LISTED = 10


@dataclass(frozen=True)
class MyQuotes:
    """A rep's quotes (current revisions: superseded ones left out) counted per status in the statuses' order,
    and the latest changed ones with their customer's name."""

    counts: dict[str, int]
    latest: list[tuple[Quote, str]]


def my_quotes(*, session: Session, account_id: int, listed: int = QUOTES_LISTED) -> MyQuotes:
    """The quotes the rep `account_id` owns, by status, and the `listed` latest changed."""
    mine = (Quote.owner_id == account_id, Quote.status != "superseded")
    counted = session.exec(select(Quote.status, func.count()).where(*mine).group_by(col(Quote.status))).all()
    counts = {status: int(count) for status, count in counted}
    rows = session.exec(
        select(Quote, Customer.name).join(Customer, col(Customer.id) == col(Quote.customer_id)).where(*mine)
        .order_by(col(Quote.updated_at).desc(), col(Quote.id).desc()).limit(listed)
    ).all()  # fmt: skip
    ordered = {status: counts[status] for status in QUOTE_STATUSES if status in counts}
    return MyQuotes(ordered, [(quote, name) for quote, name in rows])


def approvals_for(*, session: Session, account_id: int) -> list[ApprovalWaiting]:
    """Pending approvals the manager `account_id` may decide (those of others' quotes), oldest first."""
    return [waiting for waiting in approvals_waiting(session=session) if waiting.quote.owner_id != account_id]
