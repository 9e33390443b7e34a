"""Orders: record what a customer bought (configurations, price, cost) and returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from app.errors import NotFoundError, TailorError
from app.models import Order, OrderLine
from app.models.base import json_ready, utcnow
from app.services.customers.records import resolve


@dataclass(frozen=True)
class Line:
    """One configured product bought: money in minor units, per unit."""

    catalog_id: str
    catalog_version: str
    product_id: str
    price_minor: int
    cost_minor: int
    quantity: int = 1
    choices: dict[str, Any] = field(default_factory=dict)
    catalog_hash: str | None = None
    """Content hash of the exact catalog version (None: not known)."""


def place_order(
    *,
    session: Session,
    customer_id: int,
    lines: list[Line],
    channel: str = "web",
    currency: str = "EUR",
    at: datetime | None = None,
    contact_email: str | None = None,
    commit: bool = True,
) -> Order:
    """Record an order and its lines together (one commit; `commit` False: the caller's transaction)."""
    if not lines:
        raise TailorError("an order needs at least one line")
    for number, line in enumerate(lines, start=1):
        if line.quantity < 1:
            raise TailorError(
                "order line {number}: quantity must be at least 1, not {quantity}",
                number=number,
                quantity=line.quantity,
            )
        if line.price_minor < 0 or line.cost_minor < 0:
            raise TailorError("order line {number}: price and cost cannot be negative", number=number)
    customer = resolve(session=session, customer_id=customer_id)
    assert customer.id is not None
    order = Order(
        customer_id=customer.id,
        placed_at=at or utcnow(),
        channel=channel,
        currency=currency,
        total_minor=sum(line.price_minor * line.quantity for line in lines),
        cost_minor=sum(line.cost_minor * line.quantity for line in lines),
        contact_email=contact_email,
    )
    session.add(order)
    session.flush()
    assert order.id is not None
    # a row holds every field of its line, the choices as JSON
    session.add_all(
        OrderLine(order_id=order.id, **(asdict(line) | {"choices": json_ready(line.choices)})) for line in lines
    )
    if commit:
        session.commit()
    else:
        session.flush()
    return order


def return_line(*, session: Session, line_id: int, quantity: int) -> Order:
    """Record `quantity` units of a line as returned: the order's total and cost drop with them."""
    line = session.get(OrderLine, line_id)
    if line is None:
        raise NotFoundError("no order line {line}", line=line_id)
    if quantity < 1 or line.returned + quantity > line.quantity:
        raise TailorError(
            "order line {line}: {left} units can be returned, not {quantity}",
            line=line_id,
            left=line.quantity - line.returned,
            quantity=quantity,
        )
    order = session.get(Order, line.order_id)
    assert order is not None
    line.returned += quantity
    order.total_minor -= line.price_minor * quantity
    order.cost_minor -= line.cost_minor * quantity
    if order.total_minor == 0:
        order.status = "returned"
    session.commit()
    return order


def order_with_lines(*, session: Session, order_id: int) -> tuple[Order, list[OrderLine]] | None:
    """An order and its lines (None when there is no such order)."""
    order = session.get(Order, order_id)
    if order is None:
        return None
    return order, list(session.exec(select(OrderLine).where(OrderLine.order_id == order_id)).all())
