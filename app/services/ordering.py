"""Order a configuration from the configurator: check it is complete and valid, price it, find or
create the customer by e-mail, and record the order and the interaction together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.catalog import Catalog
from app.catalog.configuration import Choice, Context, Selection
from app.catalog.text import localize
from app.errors import TailorError
from app.models import Order
from app.pricing import PricingError, price
from app.services.configurator import complete_choices, engine_for, product_of
from app.services.customers import Key, identify
from app.services.orders import Line, place_order
from app.services.timeline import record_interaction


@dataclass(frozen=True)
class Placed:
    """The order placed and the customer it belongs to."""

    order: Order
    customer_id: int
    created_customer: bool


def order_configuration(
    *,
    session: Session,
    catalog: Catalog,
    product_id: str,
    choices: dict[str, Choice],
    name: str,
    email: str,
    on: date,
) -> Placed:
    """Place the order of a complete, valid configuration (TailorError saying what is missing or broken)."""
    product = product_of(catalog, product_id)
    if not name.strip():
        raise TailorError("name: tell us who the order is for")
    filled = complete_choices(product, choices)
    checked = engine_for(catalog, product_id).validate(filled, {}, on)
    if checked.missing:
        labels = [localize(product.attribute_index[a].label, "en") or a for a in checked.missing]
        raise TailorError("choose {attributes} before ordering", attributes=", ".join(labels))
    if not checked.valid:
        broken = " ".join(rule.message for rule in checked.broken)
        raise TailorError("these choices do not go together: {rules}", rules=broken)
    try:
        breakdown = price(catalog, Selection(product=product_id, choices=filled), Context(on=on))
    except PricingError as error:
        raise TailorError(error.message, error.status_code) from error
    found = identify(session=session, keys=[Key("email", email)], source="web", name=name.strip())
    customer_id = int(found.customer.id or 0)
    cost = breakdown.margin.cost
    line = Line(catalog.id, catalog.version, product_id, price_minor=breakdown.total, cost_minor=cost,
                choices=dict(filled))  # fmt: skip
    order = place_order(session=session, customer_id=customer_id, lines=[line], currency=catalog.currency)
    label = localize(product.label, "en") or product_id
    record_interaction(session=session, customer_id=customer_id, channel="web", kind="order",
                       summary=f"Ordered {label} in the configurator", links={"order": order.id})  # fmt: skip
    return Placed(order, customer_id, found.created)
