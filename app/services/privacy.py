"""Export everything held on a customer, and erasure: anonymisation that keeps order totals.

Erasure removes or blanks every personal datum (names, date of birth, identifiers, addresses,
contacts, needs, consents, saved configurations and drafts, what interactions say, the choices
in order lines, which hold body measurements) in one transaction, and keeps the rows accounting
needs: orders with their totals and costs, interaction costs and dates, tier history. The
customer row stays, marked erased, so references still resolve and nothing can find or contact
them again.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_
from sqlmodel import Session, SQLModel, col, select

from app.errors import TailorError
from app.models import (
    Address,
    Consent,
    Contact,
    Customer,
    DuplicateCandidate,
    Identifier,
    Interaction,
    Merge,
    Need,
    Order,
    OrderLine,
    SavedConfiguration,
    TierRecord,
)
from app.models.base import utcnow

ERASED = "erased"


def _plain(row: SQLModel) -> dict[str, Any]:
    data = row.model_dump()
    return {key: value.isoformat() if isinstance(value, date | datetime) else value for key, value in data.items()}


def export_customer(*, session: Session, customer_id: int) -> dict[str, Any]:
    """Everything held on the customer, as JSON-ready data (dates in ISO 8601)."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise TailorError(f"no customer {customer_id}", 404)
    orders = session.exec(select(Order).where(Order.customer_id == customer_id).order_by(col(Order.placed_at))).all()
    order_ids = [order.id for order in orders]
    lines = session.exec(select(OrderLine).where(col(OrderLine.order_id).in_(order_ids))).all() if order_ids else []

    def rows(model: type[SQLModel], *where: Any) -> list[dict[str, Any]]:
        return [_plain(row) for row in session.exec(select(model).where(*where)).all()]

    return {
        "customer": _plain(customer),
        "identifiers": rows(Identifier, Identifier.customer_id == customer_id),
        "addresses": rows(Address, Address.customer_id == customer_id),
        "contacts": rows(Contact, or_(col(Contact.company_id) == customer_id, col(Contact.person_id) == customer_id)),
        "orders": [
            {**_plain(order), "lines": [_plain(line) for line in lines if line.order_id == order.id]}
            for order in orders
        ],
        "interactions": rows(Interaction, Interaction.customer_id == customer_id),
        "saved_configurations": rows(SavedConfiguration, SavedConfiguration.customer_id == customer_id),
        "needs": rows(Need, Need.customer_id == customer_id),
        "consents": rows(Consent, Consent.customer_id == customer_id),
        "tiers": rows(TierRecord, TierRecord.customer_id == customer_id),
        "duplicate_candidates": rows(
            DuplicateCandidate,
            or_(col(DuplicateCandidate.left_id) == customer_id, col(DuplicateCandidate.right_id) == customer_id),
        ),
        "merges": rows(Merge, or_(col(Merge.survivor_id) == customer_id, col(Merge.merged_id) == customer_id)),
    }


def erase_customer(*, session: Session, customer_id: int) -> Customer:
    """Anonymise the customer (see the module docstring); erasing twice is refused (409)."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise TailorError(f"no customer {customer_id}", 404)
    if customer.erased_at is not None:
        raise TailorError(f"customer {customer_id} was already erased on {customer.erased_at:%Y-%m-%d}", 409)
    for model in (Identifier, Address, Need, Consent, SavedConfiguration):
        session.execute(delete(model).where(col(model.customer_id) == customer_id))
    session.execute(
        delete(Contact).where(or_(col(Contact.company_id) == customer_id, col(Contact.person_id) == customer_id))
    )
    for interaction in session.exec(select(Interaction).where(Interaction.customer_id == customer_id)).all():
        interaction.summary, interaction.who, interaction.place = ERASED, None, None
        interaction.resolution = ERASED if interaction.resolution else None
        interaction.links = {}
    order_ids = list(session.exec(select(Order.id).where(Order.customer_id == customer_id)).all())
    if order_ids:
        for line in session.exec(select(OrderLine).where(col(OrderLine.order_id).in_(order_ids))).all():
            line.choices = {}
    customer.name = f"erased customer {customer_id}"
    customer.given_name = customer.family_name = customer.locale = None
    customer.date_of_birth = None
    customer.erased_at = utcnow()
    session.commit()
    session.refresh(customer)
    return customer
