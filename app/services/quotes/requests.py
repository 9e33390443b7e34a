"""Ask for a quote: keep the configuration, find or create the customer, and leave a request on
their timeline for a sales rep to pick up (an open `quote_request` interaction)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.catalog import Catalog
from app.catalog.configuration import Choice, Context, Selection
from app.catalog.text import localize
from app.errors import ConflictError, NotFoundError, TailorError
from app.models import Customer, Interaction, SavedConfiguration
from app.models.base import utcnow
from app.pricing import PriceBreakdown, PricingError, price
from app.services.configurator.checkout import OrderForm
from app.services.configurator.saved import save_configuration
from app.services.context import within
from app.services.customers.records import Key, identify_unverified
from app.services.customers.timeline import record_interaction
from app.services.idempotency import claimed, remember

MESSAGE_LENGTH = 1500
"""Longest message a customer may leave for the sales rep (the form and the timeline hold no more)."""


@dataclass(frozen=True)
class QuoteRequest:
    """The request on the timeline, the configuration kept with it, its resume code, and the price shown."""

    interaction: Interaction
    saved: SavedConfiguration
    resume_code: str
    breakdown: PriceBreakdown | None


def request_quote(*, session: Session, form: OrderForm, message: str, visitor: str | None) -> QuoteRequest:
    """Record a quote request for the form's customer (None: an unverified visitor, who never writes into an
    existing customer's record), with the visitor's `message`; TailorError naming the field that is wrong."""
    earlier = claimed(session=session, scope="quote_request", key=form.idempotency_key)
    if earlier is not None:
        return _again(session, earlier)
    catalog, product, customer, name, email = form.catalog, form.product, form.customer, form.name, form.email
    if customer is None and not name.strip():
        raise TailorError("name: tell us who the quote is for")
    if len(message) > MESSAGE_LENGTH:
        raise TailorError("message: at most {count} characters", count=MESSAGE_LENGTH)
    product_id = product.id
    breakdown = _priced(catalog, product_id, form.choices, form.context)
    if customer is None:
        customer = identify_unverified(session=session, keys=[Key("email", email)], source="web",
                                       name=name.strip()).customer  # fmt: skip
    customer_id = int(customer.id or 0)
    saved, resume = save_configuration(session=session, catalog=catalog, product_id=product_id, choices=form.choices,
                                       visitor=visitor, customer_id=customer_id)  # fmt: skip
    summary = f"Asked for a quote for {localize(product.label, 'en') or product_id}"
    if message.strip():
        summary += f": {message.strip()}"
    links: dict[str, object] = {"configuration": saved.share_code}
    if breakdown is not None:
        links.update(price_minor=breakdown.total, currency=breakdown.currency)
    if email.strip():
        links["contact_email"] = email.strip()
    try:
        interaction = record_interaction(session=session, customer_id=customer_id, channel="web",
                                         kind="quote_request", summary=summary, links=links, commit=False)  # fmt: skip
        remember(session=session, scope="quote_request", key=form.idempotency_key,
                 result={"interaction": interaction.id, "saved": saved.id})  # fmt: skip
        session.commit()
    except IntegrityError:
        session.rollback()
        earlier = claimed(session=session, scope="quote_request", key=form.idempotency_key)
        if earlier is None:
            raise
        return _again(session, earlier)
    return QuoteRequest(interaction, saved, resume, breakdown)


def _again(session: Session, earlier: dict[str, object]) -> QuoteRequest:
    """The request an earlier post of the same form made (its resume code was shown then, never again)."""
    interaction = session.get(Interaction, int(str(earlier["interaction"])))
    saved = session.get(SavedConfiguration, int(str(earlier["saved"])))
    if interaction is None or saved is None:
        raise ConflictError("the quote request of this form is gone")
    return QuoteRequest(interaction, saved, "", None)


def _priced(catalog: Catalog, product_id: str, choices: dict[str, Choice], context: Context) -> PriceBreakdown | None:
    """The price the customer was shown for what they ask a quote for (None when it cannot be priced yet)."""
    try:
        return price(catalog, Selection(product=product_id, choices=choices), within(catalog, context))
    except PricingError:
        return None


def open_quote_requests(*, session: Session) -> list[Interaction]:
    """Quote requests no rep has picked up yet, oldest first (the reps' queue)."""
    query = (
        select(Interaction)
        .where(Interaction.kind == "quote_request", col(Interaction.resolved_at).is_(None))
        .order_by(col(Interaction.occurred_at))
    )
    return list(session.exec(query).all())


def pick_quote_request(*, session: Session, interaction_id: int, rep_email: str) -> Interaction:
    """Take a quote request off the queue for this rep (404 when there is none; 409 when another rep has it);
    the rep becomes the request's `who` (the person on our side), so the reps' home says who took it.

    One conditional update decides, so two reps picking at once cannot both have it.
    """
    found = session.get(Interaction, interaction_id)
    if found is None or found.kind != "quote_request":
        raise NotFoundError("no quote request {number}", number=interaction_id)
    taken = session.execute(
        update(Interaction)
        .where(col(Interaction.id) == interaction_id, col(Interaction.resolved_at).is_(None))
        .values(resolved_at=utcnow(), resolution=f"picked up by {rep_email}", who=rep_email[:100])
    )
    session.commit()
    session.refresh(found)
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError("this quote request was already picked up ({who})", who=found.resolution or "")
    return found


def customer_names(*, session: Session, ids: list[int]) -> dict[int, str]:
    """The names of these customers, by id (for the reps' queue)."""
    if not ids:
        return {}
    rows = session.exec(select(Customer.id, Customer.name).where(col(Customer.id).in_(ids))).all()
    return {int(customer_id or 0): name for customer_id, name in rows}
