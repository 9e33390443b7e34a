"""Lists of quotes: a rep's quotes by status (the latest revision of each), with their customers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models import Account, Customer, Quote
from app.models.quotes import QUOTE_STATUSES

SHOWN = 50
"""The most quotes listed per status."""


@dataclass(frozen=True)
class QuoteRow:
    """A quote in a list: the revision in force and who it is for."""

    quote: Quote
    customer: str


def quotes_by_status(
    *, session: Session, owner: Account | None, limit: int = SHOWN
) -> list[tuple[str, list[QuoteRow]]]:
    """The quotes of `owner` (None: everyone's), grouped by status in the statuses' order, newest first."""
    groups = []
    for status in QUOTE_STATUSES:
        if status == "superseded":
            continue
        query = (
            select(Quote, Customer.name)
            .join(Customer, col(Customer.id) == Quote.customer_id)
            .where(Quote.status == status)
        )
        if owner is not None:
            query = query.where(Quote.owner_id == owner.id)
        rows = session.exec(query.order_by(col(Quote.updated_at).desc(), col(Quote.id).desc()).limit(limit)).all()
        groups.append((status, [QuoteRow(quote, name) for quote, name in rows]))
    return groups
