"""One customer as a sales rep sees them: their record, their timeline newest first, and the
configurations they started and left unfinished (with their draft: where they stopped)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from app.errors import NotFoundError
from app.models import Customer, Interaction, SavedConfiguration
from app.services.configurator.progress import abandoned
from app.services.configurator.saved import draft_of
from app.services.customers.records import resolve
from app.services.customers.timeline import timeline


@dataclass(frozen=True)
class Overview:
    """The customer, their events (newest first) and each unfinished start with its draft, if any."""

    customer: Customer
    events: list[Interaction]
    unfinished: list[tuple[Interaction, SavedConfiguration | None]]


def customer_overview(*, session: Session, customer_id: int) -> Overview:
    """The live customer `customer_id` (followed through merges) as a rep sees them (not found when erased)."""
    customer = resolve(session=session, customer_id=customer_id)
    if customer.erased_at is not None:
        raise NotFoundError("no customer {number}", number=customer_id)
    unfinished = [
        (start, draft_of(session=session, customer_id=customer_id, product_id=str(start.links.get("product"))))
        for start in abandoned(session=session, customer_id=customer_id)
    ]
    return Overview(customer, timeline(session=session, customer_id=int(customer.id or 0)), unfinished)
