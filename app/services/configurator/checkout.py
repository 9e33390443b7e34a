"""Order a configuration from the configurator: check it is complete and valid for the customer's
context, price it with that same context, and record the order and the interaction together.

Who the order belongs to: the known customer (signed in, or who proved control of their e-mail)
when there is one; otherwise an unverified touchpoint, which never writes into an existing
customer's record (`customers.identify_unverified`). A retry of the same form (same idempotency
key) gives back the order the first post made, never a second one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.catalog import Catalog, Product
from app.catalog.configuration import Choice, Context, Selection
from app.catalog.selection import resolve_selection
from app.catalog.text import localize
from app.errors import ConflictError, TailorError
from app.models import Customer, Order, OrderLine
from app.pricing import PriceBreakdown, price
from app.services.catalogs.documents import hash_of
from app.services.catalogs.shelf import catalog_made_on
from app.services.configurator.page import complete_choices, engine_for, product_of
from app.services.configurator.personalisation import remember_stated
from app.services.configurator.progress import note
from app.services.context import within
from app.services.customers.orders import Line, order_with_lines, place_order
from app.services.customers.records import Key, identify_unverified
from app.services.customers.timeline import record_interaction
from app.services.idempotency import claimed, remember


@dataclass(frozen=True, kw_only=True)
class OrderForm:
    """What the order page posts, read and checked: the configuration (`choices` of `product` in
    `catalog`, priced in `context`) and who it is for. Its two buttons send it: place the order (here)
    and ask for a quote (`quotes.requests`).

    `customer` is the known customer; None is a visitor, who gives `name` and `email`. A retry of the
    same form carries the same `idempotency_key` and gives back what the first post made.
    """

    catalog: Catalog
    product: Product
    choices: dict[str, Choice]
    context: Context
    customer: Customer | None
    name: str = ""
    email: str = ""
    idempotency_key: str


@dataclass(frozen=True)
class Placed:
    """The order placed and the customer it belongs to."""

    order: Order
    customer_id: int
    created_customer: bool


def checked_price(*, catalog: Catalog, product_id: str, choices: dict[str, Choice], context: Context) -> PriceBreakdown:
    """The price of a complete, valid configuration in `context` (TailorError saying what is missing or broken).

    The selection is resolved once; the engine checks its rules and pricing prices it as it is."""
    product = product_of(catalog, product_id)
    context = within(catalog, context)
    selection = resolve_selection(catalog, Selection(product=product_id, choices=complete_choices(product, choices)),
                                  context.on)  # fmt: skip
    checked = engine_for(catalog, product_id).validate(selection, dict(context.values), context.on)
    if checked.missing:
        labels = [localize(product.attribute_index[a].label, "en") or a for a in checked.missing]
        raise TailorError("choose {attributes} before ordering", attributes=", ".join(labels))
    if not checked.valid:
        broken = " ".join(rule.message for rule in checked.broken)
        raise TailorError("these choices do not go together: {rules}", rules=broken)
    return price(catalog, selection, context)


def order_configuration(*, session: Session, form: OrderForm) -> Placed:
    """Place the order of a complete, valid configuration for the form's customer (None: an unverified visitor)."""
    earlier = claimed(session=session, scope="order", key=form.idempotency_key)
    if earlier is not None:
        order = _order(session, earlier)
        return Placed(order, order.customer_id, False)
    catalog, product, customer, name, email = form.catalog, form.product, form.customer, form.name, form.email
    if customer is None and not name.strip():
        raise TailorError("name: tell us who the order is for")
    breakdown = checked_price(catalog=catalog, product_id=product.id, choices=form.choices, context=form.context)
    created = False
    if customer is None:
        found = identify_unverified(session=session, keys=[Key("email", email)], source="web", name=name.strip())
        customer, created = found.customer, found.created
    customer_id = int(customer.id or 0)
    filled = complete_choices(product, form.choices)
    line = Line(catalog.id, catalog.version, product.id, price_minor=breakdown.total, cost_minor=breakdown.margin.cost,
                choices=dict(filled), catalog_hash=hash_of(catalog))  # fmt: skip
    label = localize(product.label, "en") or product.id
    try:
        order = place_order(session=session, customer_id=customer_id, lines=[line], currency=catalog.currency,
                            contact_email=email.strip() or None, commit=False)  # fmt: skip
        remember(session=session, scope="order", key=form.idempotency_key, result={"order": order.id})
        record_interaction(session=session, customer_id=customer_id, channel="web", kind="order",
                           summary=f"Ordered {label} in the configurator", links={"order": order.id})  # fmt: skip
    except IntegrityError:
        # the same form posted twice at once: the other post placed the order
        session.rollback()
        earlier = claimed(session=session, scope="order", key=form.idempotency_key)
        if earlier is None:
            raise
        return Placed(_order(session, earlier), customer_id, False)
    return Placed(order, customer_id, created)


def _order(session: Session, earlier: dict[str, object]) -> Order:
    order = session.get(Order, int(str(earlier["order"])))
    if order is None:
        raise ConflictError("the order of this form is gone")
    return order


def order_configured(*, session: Session, form: OrderForm) -> Placed:
    """Place the order from the configurator (a known customer's: also what they stated, and a timeline note)."""
    placed = order_configuration(session=session, form=form)
    if form.customer is not None:
        remember_stated(session=session, customer=form.customer, product=form.product, choices=form.choices)
        note(session=session, customer=form.customer, product_id=form.product.id, event="ordered",
             values={"order": str(placed.order.id)})  # fmt: skip
    return placed


@dataclass(frozen=True)
class Receipt:
    """An order, its lines, and each ordered product's name in the reader's language."""

    order: Order
    lines: list[OrderLine]
    names: dict[str, str]


def receipt_of(*, session: Session, order_id: int, locale: str) -> Receipt | None:
    """The order's confirmation: its lines and product names in `locale` (None: no such order)."""
    found = order_with_lines(session=session, order_id=order_id)
    if found is None:
        return None
    order, lines = found
    return Receipt(order, lines, _product_names(session, lines, locale))


def _product_names(session: Session, lines: Sequence[OrderLine], locale: str) -> dict[str, str]:
    """Each ordered product's name in `locale`, from the catalog version it was ordered on (its id when it is gone)."""
    names: dict[str, str] = {}
    for line in lines:
        try:
            catalog = catalog_made_on(session=session, catalog_id=line.catalog_id, digest=line.catalog_hash)
            product = product_of(catalog, line.product_id)
        except TailorError:
            continue
        names[line.product_id] = localize(product.label, locale) or line.product_id
    return names
