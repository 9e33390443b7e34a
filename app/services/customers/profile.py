"""Everything a rep sees of one customer (the "360"): who they are and who buys for them, their value
and tier history, needs, consents, timeline (filtered by channel and kind), orders, saved
configurations and drafts, and complaints with how they change treatment. Read-only, one call.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.errors import TailorError
from app.models import (
    Address,
    Consent,
    Contact,
    Customer,
    Identifier,
    Interaction,
    Need,
    Order,
    OrderLine,
    SavedConfiguration,
    TierRecord,
)
from app.services.customers.complaints import Treatment, complaints, cost_to_serve, treatment
from app.services.customers.consent import consents
from app.services.customers.needs import known_needs
from app.services.customers.overview import customer_overview

HISTORY = 12
"""Most tier records the 360 shows (the newest)."""
LISTED = 50


@dataclass(frozen=True)
class Related:
    """A contact link seen from one side: the other customer, their buying role and title."""

    customer: Customer
    role: str
    title: str | None


@dataclass(frozen=True)
class Value:
    """The newest tier record (None before the first recompute), the history oldest first, what the
    customer's orders brought so far (margin, minor units) and their cost to serve now (live)."""

    latest: TierRecord | None
    history: list[TierRecord]
    lifetime_margin_minor: int
    cost_to_serve_minor: int


@dataclass(frozen=True)
class Profile:
    """One customer as the 360 shows them."""

    customer: Customer
    identifiers: list[Identifier]
    addresses: list[Address]
    related: list[Related]
    value: Value
    needs: list[Need]
    consents: dict[tuple[str, str], Consent]
    events: list[Interaction]
    channels: list[str]
    kinds: list[str]
    orders: list[tuple[Order, int]]
    saved: list[SavedConfiguration]
    unfinished: list[tuple[Interaction, SavedConfiguration | None]]
    complaints: list[Interaction]
    treatment: Treatment


def customer_profile(*, session: Session, customer_id: int, channel: str = "", kind: str = "") -> Profile:
    """The live customer `customer_id` (followed through merges), their timeline filtered by `channel`/`kind`."""
    overview = customer_overview(session=session, customer_id=customer_id)
    customer = overview.customer
    owner = int(customer.id or 0)
    return Profile(
        customer=customer,
        identifiers=_rows(session, Identifier, Identifier.customer_id == owner, col(Identifier.id)),
        addresses=_rows(session, Address, Address.customer_id == owner, col(Address.id)),
        related=_related(session, customer),
        value=_value(session, owner),
        needs=sorted(known_needs(session=session, customer_id=owner).values(), key=lambda need: need.key),
        consents=consents(session=session, customer_id=owner),
        events=events(session=session, customer_id=owner, channel=channel, kind=kind),
        channels=_distinct(session, Interaction.channel, owner),
        kinds=_distinct(session, Interaction.kind, owner),
        orders=_orders(session, owner),
        saved=_rows(
            session,
            SavedConfiguration,
            SavedConfiguration.customer_id == owner,
            col(SavedConfiguration.updated_at).desc(),
        )[:LISTED],
        unfinished=overview.unfinished,
        complaints=complaints(session=session, customer_id=owner),
        treatment=treatment(session=session, customer_id=owner),
    )


def events(
    *, session: Session, customer_id: int, channel: str = "", kind: str = "", limit: int = 200
) -> list[Interaction]:
    """The customer's interactions newest first, only on `channel` and of `kind` when given."""
    if len(channel) > 32 or len(kind) > 32:
        raise TailorError("filter: at most {count} characters", count=32)
    query = select(Interaction).where(Interaction.customer_id == customer_id)
    if channel:
        query = query.where(Interaction.channel == channel)
    if kind:
        query = query.where(Interaction.kind == kind)
    newest = (col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
    return list(session.exec(query.order_by(*newest).limit(limit)).all())


def _rows(session: Session, model: type, where: object, order: object) -> list:  # type: ignore[type-arg]
    return list(session.exec(select(model).where(where).order_by(order)).all())  # type: ignore[arg-type]


def _distinct(session: Session, column: object, owner: int) -> list[str]:
    query = select(column).where(Interaction.customer_id == owner).distinct()  # type: ignore[call-overload]
    return sorted(str(value) for value in session.exec(query).all())


def _related(session: Session, customer: Customer) -> list[Related]:
    """A company's contacts, or the companies a person buys for, with their roles."""
    mine, theirs = (Contact.company_id, Contact.person_id) if customer.kind == "company" else (
        Contact.person_id, Contact.company_id)  # fmt: skip
    rows = session.exec(
        select(Contact, Customer).join(Customer, col(Customer.id) == theirs).where(mine == customer.id)
        .order_by(col(Contact.role), col(Customer.name))
    ).all()  # fmt: skip
    return [Related(other, link.role, link.title) for link, other in rows]


def _value(session: Session, owner: int) -> Value:
    newest = session.exec(
        select(TierRecord).where(TierRecord.customer_id == owner)
        .order_by(col(TierRecord.computed_at).desc(), col(TierRecord.id).desc()).limit(HISTORY)
    ).all()  # fmt: skip
    margin = session.exec(
        select(func.sum(col(Order.total_minor) - col(Order.cost_minor))).where(
            Order.customer_id == owner, Order.status != "cancelled"
        )
    ).one()
    history = list(reversed(newest))
    return Value(
        newest[0] if newest else None, history, int(margin or 0), cost_to_serve(session=session, customer_id=owner)
    )


def _orders(session: Session, owner: int) -> list[tuple[Order, int]]:
    """The customer's orders newest first, each with its number of units."""
    rows = session.exec(
        select(Order, func.coalesce(func.sum(OrderLine.quantity), 0))
        .join(OrderLine, col(OrderLine.order_id) == col(Order.id), isouter=True)
        .where(Order.customer_id == owner)
        .group_by(col(Order.id))
        .order_by(col(Order.placed_at).desc())
        .limit(LISTED)
    ).all()
    return [(order, int(units)) for order, units in rows]
