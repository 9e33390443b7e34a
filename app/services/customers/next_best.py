"""Next-best offers for one customer, read from the database for the pure core
(`app.recommendations.next_best`, which says who the peers are and how offers rank).

Consent: the customer's own needs and purchases are used only when they allow personalisation
(`personalised`, channel "any": a use that contacts nobody); a peer's only when that peer allows
personalisation too (the newest "any"/personalisation record is a grant, decided in the query the
same way `consent.allowed` decides for one customer). Erased and merged-away customers are nobody's
peers. Reading is bounded: the newest `LINES_MOST` bought lines and `NEEDS_MOST` needs of the peers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, exists, or_
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.catalog import Catalog, Product
from app.models import Consent, Customer, Need, Order, OrderLine
from app.recommendations.next_best import FACET_KINDS, Buyer, Item, Offer, facets_of, items_of, next_best
from app.services.catalogs.in_force import catalog_in_force_or_none
from app.services.configurator.personalisation import personalised
from app.services.customers.needs import known_needs
from app.services.customers.records import resolve

LINES_MOST = 5_000
"""Most bought lines of peers read for one customer's offers: the newest orders (a 360 stays fast)."""
NEEDS_MOST = 10_000
"""Most need records of peers read for one customer's offers (the newest)."""
OWN_LINES_MOST = 2_000


@dataclass(frozen=True)
class NextBest:
    """The offers best first, each with its product in the catalog in force, or none and the reason why
    (a message template and its values)."""

    offers: list[tuple[Offer, Product]] = field(default_factory=list)
    reason: str = ""
    values: dict[str, object] = field(default_factory=dict)


def next_best_offers(*, session: Session, customer_id: int, limit: int = 5) -> NextBest:
    """The `limit` best offers for the customer (followed through merges), only from consented data."""
    customer = resolve(session=session, customer_id=customer_id)
    owner = int(customer.id or 0)
    allows = customer.erased_at is None and personalised(session=session, customer=customer)
    if not allows or not customer.tier:
        found = next_best(Buyer(owner, customer.tier, allows=allows), [])
        return NextBest(reason=found.reason, values=found.values)
    needs = [(need.kind, need.key, need.value) for need in known_needs(session=session, customer_id=owner).values()]
    me = Buyer(owner, customer.tier, facets_of(needs), frozenset(_bought(session, [owner], OWN_LINES_MOST)[owner]),
               allows=True)  # fmt: skip
    peers = _peers(session, customer.tier, owner)
    bought = _bought(session, peers, LINES_MOST)
    facets = _facets(session, peers)
    others = [Buyer(p, customer.tier, facets.get(p, frozenset()), frozenset(bought.get(p, ())), True) for p in peers]
    catalogs: dict[str, Catalog | None] = {}
    found = next_best(me, others, limit=limit, offerable=lambda item: _product(session, catalogs, item) is not None)
    offers = [(offer, _product(session, catalogs, offer.item)) for offer in found.offers]
    return NextBest([(offer, product) for offer, product in offers if product is not None], found.reason, found.values)


def _peers(session: Session, tier: str, owner: int) -> list[int]:
    """Live customers of `tier` but the owner whose newest "any"/personalisation consent is a grant."""
    newer = aliased(Consent)
    superseded = exists().where(
        col(newer.customer_id) == col(Consent.customer_id), col(newer.channel) == "any",
        col(newer.purpose) == "personalisation",
        or_(col(newer.recorded_at) > col(Consent.recorded_at),
            and_(col(newer.recorded_at) == col(Consent.recorded_at), col(newer.id) > col(Consent.id))),
    )  # fmt: skip
    query = (
        select(Customer.id).join(Consent, col(Consent.customer_id) == col(Customer.id))
        .where(Customer.tier == tier, col(Customer.erased_at).is_(None), col(Customer.merged_into_id).is_(None),
               col(Customer.id) != owner, Consent.channel == "any", Consent.purpose == "personalisation",
               col(Consent.granted).is_(True), ~superseded)
        .distinct()
    )  # fmt: skip
    return sorted(int(found or 0) for found in session.exec(query).all())


def _bought(session: Session, customers: list[int], most: int) -> dict[int, set[Item]]:
    """What each customer bought and kept (placed orders, lines not wholly returned), newest `most` lines."""
    found: dict[int, set[Item]] = {customer: set() for customer in customers}
    if not customers:
        return found
    rows = session.exec(
        select(Order.customer_id, OrderLine.catalog_id, OrderLine.product_id, OrderLine.choices)
        .join(Order, col(Order.id) == col(OrderLine.order_id))
        .where(col(Order.customer_id).in_(customers), Order.status == "placed",
               col(OrderLine.returned) < col(OrderLine.quantity))
        .order_by(col(Order.placed_at).desc(), col(OrderLine.id).desc())
        .limit(most)
    ).all()  # fmt: skip
    for customer, catalog_id, product_id, choices in rows:
        found[customer] |= items_of(catalog_id, product_id, choices if isinstance(choices, dict) else {})
    return found


def _facets(session: Session, customers: list[int]) -> dict[int, frozenset[tuple[str, str]]]:
    """Each customer's need facets, from the values in force per key (as `known_needs` decides them)."""
    if not customers:
        return {}
    rows = session.execute(
        sa_select(col(Need.customer_id), col(Need.key), col(Need.kind), col(Need.value), col(Need.stated),
                  col(Need.confidence))
        .where(col(Need.customer_id).in_(customers), col(Need.kind).in_(FACET_KINDS))
        .order_by(col(Need.recorded_at).desc(), col(Need.id).desc()).limit(NEEDS_MOST)
    ).all()  # fmt: skip
    best: dict[tuple[int, str], tuple[str, object, bool, float]] = {}
    for customer, key, kind, value, stated, confidence in rows:
        held = best.get((customer, key))
        if held is None or (stated and not held[2]) or (not stated and not held[2] and confidence > held[3]):
            best[(customer, key)] = (kind, value, stated, confidence)
    needs: dict[int, list[tuple[str, str, object]]] = {}
    for (customer, key), (kind, value, _, _) in best.items():
        needs.setdefault(customer, []).append((kind, key, value))
    return {customer: facets_of(said) for customer, said in needs.items()}


def _product(session: Session, catalogs: dict[str, Catalog | None], item: Item) -> Product | None:
    """The item's product in the catalog in force when it (and its option) can still be chosen there."""
    catalog = catalog_in_force_or_none(session=session, catalog_id=item.catalog_id, seen=catalogs)
    product = catalog.product_index.get(item.product_id) if catalog else None
    if product is None or item.is_product:
        return product
    attribute = product.attribute_index.get(item.attribute_id)
    options = {option.id for option in getattr(attribute, "options", [])}
    return product if item.option_id in options else None
