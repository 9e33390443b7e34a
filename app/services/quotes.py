"""Ask for a quote: keep the configuration, find or create the customer, and leave a request on
their timeline for a sales rep to pick up (an open `quote_request` interaction)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.catalog import Catalog
from app.catalog.configuration import Choice
from app.catalog.text import localize
from app.errors import TailorError
from app.models import Interaction, SavedConfiguration
from app.services.customers import Key, identify
from app.services.saved import save_configuration
from app.services.timeline import record_interaction


@dataclass(frozen=True)
class QuoteRequest:
    """The request on the timeline, the configuration kept with it, and its resume code."""

    interaction: Interaction
    saved: SavedConfiguration
    resume_code: str


def request_quote(
    *,
    session: Session,
    catalog: Catalog,
    product_id: str,
    choices: dict[str, Choice],
    name: str,
    email: str,
    message: str,
    visitor: str | None,
) -> QuoteRequest:
    """Record a quote request (TailorError naming the field that is wrong)."""
    if not name.strip():
        raise TailorError("name: tell us who the quote is for")
    found = identify(session=session, keys=[Key("email", email)], source="web", name=name.strip())
    customer_id = int(found.customer.id or 0)
    saved, resume = save_configuration(session=session, catalog=catalog, product_id=product_id, choices=choices,
                                       visitor=visitor, customer_id=customer_id)  # fmt: skip
    product = next(p for p in catalog.products if p.id == product_id)
    summary = f"Asked for a quote for {localize(product.label, 'en') or product_id}"
    if message.strip():
        summary += f": {message.strip()[:1500]}"
    interaction = record_interaction(session=session, customer_id=customer_id, channel="web", kind="quote_request",
                                     summary=summary, links={"configuration": saved.share_code})  # fmt: skip
    return QuoteRequest(interaction, saved, resume)


def open_quote_requests(*, session: Session) -> list[Interaction]:
    """Quote requests no rep has picked up yet, oldest first (the reps' queue)."""
    query = (
        select(Interaction)
        .where(Interaction.kind == "quote_request", col(Interaction.resolved_at).is_(None))
        .order_by(col(Interaction.occurred_at))
    )
    return list(session.exec(query).all())
