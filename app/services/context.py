"""The customer context: what the catalog's rules and prices know about the customer at hand.

One function decides it (`customer_context`) and every step uses it: the configurator page,
save, the order page and the order, the quote request, the JSON API and the CLI. So the price
a customer sees is the price they are charged, and an option valid on the page is valid at
checkout. The context holds the customer's value tier, segment (a stated need, with consent to
personalisation), region (the country of their first address), the channel of the touchpoint
and the date that decides prices and rules in force.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from app.catalog import Catalog
from app.catalog.configuration import Context, today
from app.models import Address, Customer
from app.services.configurator.personalisation import personalised
from app.services.customers.needs import known_needs

CHANNELS = ("web", "call_centre", "shop", "field")
"""The touchpoints a context can come from (the catalogs' `channel` context key)."""


def customer_context(
    *, session: Session, customer: Customer | None, channel: str = "web", on: date | None = None
) -> Context:
    """The context of `customer` (None: an anonymous visitor) on `channel` and day `on` (today, UTC)."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel '{channel}'")
    values = {"channel": channel}
    if customer is not None and customer.erased_at is None:
        if customer.tier:
            values["tier"] = customer.tier
        address = session.exec(
            select(Address).where(Address.customer_id == customer.id).order_by(col(Address.id))
        ).first()
        if address is not None:
            values["region"] = address.country.lower()
        if personalised(session=session, customer=customer):
            segment = known_needs(session=session, customer_id=int(customer.id or 0)).get("segment")
            if segment is not None and isinstance(segment.value, str):
                values["segment"] = segment.value
    return Context(values=values, on=on or today())


def within(catalog: Catalog, context: Context) -> Context:
    """`context` with only the keys and values `catalog` declares (others read as "not given")."""
    kept = {
        key: value
        for key, value in context.values.items()
        if key in catalog.context and (not catalog.context[key] or value in catalog.context[key])
    }
    return Context(values=kept, on=context.on)
