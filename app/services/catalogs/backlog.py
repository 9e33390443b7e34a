"""Unmet-needs backlog: what customers met that the catalog would not give them, for catalog managers.

Read off the customers' timelines: conflicts met (an item per rule taking part), numbers typed out of
an attribute's range (an item per numeric bound, with the numbers asked), configurator sessions
abandoned (a start with nothing saved, ordered or asked after it: `progress.abandoned`) and quote
requests (an item per product: the customer asked a person instead of ordering). Each customer counts
once per item however often they met it, and is weighted by their strategic value (expected margin
of the next 12 months, from the newest tier record). Only customers whose consent allows purpose
"personalisation" on any channel are counted: using what they tell and do to shape what they are
offered is that purpose; nobody is contacted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from sqlmodel import Session, col, select

from app.analysis.relax import Relaxation, gain, locate, remove_rule, widen_bound
from app.analysis.results import Location, Tally
from app.models import Customer, Interaction, SavedConfiguration, TierRecord
from app.models.base import utcnow
from app.services.configurator.progress import abandoned
from app.services.customers.consent import allowed

PURPOSE = "personalisation"
"""The consent purpose the backlog reads under (on channel "any": it contacts nobody)."""
ItemKind = Literal["rule", "bound", "abandoned", "quote"]
NO_TIER = "none"
"""The tier of a customer no value recompute has placed yet."""


@dataclass(frozen=True)
class Share:
    """Customers in one group (a tier or a segment) and their strategic value (minor units)."""

    customers: int
    value_minor: int


@dataclass
class BacklogItem:
    """One rule, numeric bound or product customers met, how many, and how much they are worth.

    `numbers` are the numbers asked (bounds only); `location` is set when the backlog was read
    against a catalog document that has the rule or attribute.
    """

    kind: ItemKind
    product: str
    rule: str | None = None
    attribute: str | None = None
    numbers: tuple[Decimal, ...] = ()
    customers: int = 0
    value_minor: int = 0
    by_tier: dict[str, Share] = field(default_factory=dict)
    by_segment: dict[str, Share] = field(default_factory=dict)
    location: Location | None = None

    @property
    def key(self) -> str:
        """A stable key (`rule:jeans/turn_up_long`, `bound:jeans/waist`, `quote:jeans`)."""
        part = self.rule if self.kind == "rule" else self.attribute if self.kind == "bound" else None
        return f"{self.kind}:{self.product}" + (f"/{part}" if part else "")

    @property
    def relaxation(self) -> Relaxation | None:
        """The change that would meet it (a rule removed, a bound widened); None for abandoned and quotes."""
        if self.kind == "rule" and self.rule is not None:
            return remove_rule(self.product, self.rule)
        if self.kind == "bound" and self.attribute is not None:
            return widen_bound(self.product, self.attribute, self.numbers)
        return None


@dataclass(frozen=True)
class Impact:
    """What relaxing a backlog item adds: configurations (in one context, on one date), customers, value."""

    item: BacklogItem
    change: Relaxation
    added: Tally
    customers: int
    value_minor: int


@dataclass
class _Met:
    """Who met one item (customer ids) and the numbers each asked."""

    item: BacklogItem
    who: set[int] = field(default_factory=set)
    numbers: dict[int, set[Decimal]] = field(default_factory=dict)


def unmet_backlog(
    *,
    session: Session,
    since: datetime | None = None,
    document: dict[str, Any] | None = None,
    tier: str | None = None,
    segment: str | None = None,
) -> list[BacklogItem]:
    """The backlog since `since` (default: 90 days), most valuable first; with a catalog `document`,
    only its products, each item located in it; with `tier` or `segment`, only those customers."""
    start = since or utcnow() - timedelta(days=90)
    met: dict[str, _Met] = {}
    consenting = _Consenting(session)
    for row in _rows(session, start):
        if consenting(row.customer_id):
            for item, number in _items(session, row):
                entry = met.setdefault(item.key, _Met(item))
                entry.who.add(row.customer_id)
                if number is not None:
                    entry.numbers.setdefault(row.customer_id, set()).add(number)
    for customer_id in consenting.seen():
        for row in abandoned(session=session, customer_id=customer_id):
            if row.occurred_at >= start:
                item = BacklogItem("abandoned", str(row.links.get("product")))
                met.setdefault(item.key, _Met(item)).who.add(customer_id)
    known: dict[int, tuple[int, str, str]] = {}
    weighed = (_weighed(session, entry, known, tier, segment) for entry in met.values())
    items = [item for item in weighed if item.customers]
    if document is not None:
        items = located(items, document)
    return sorted(items, key=lambda i: (-i.value_minor, -i.customers, i.key))


def relaxing(*, item: BacklogItem, document: dict[str, Any], context: dict[str, str], on: date) -> Impact | None:
    """What relaxing the item would add to the catalog `document` in `context` on `on` (None: nothing to relax)."""
    change = item.relaxation
    if change is None:
        return None
    return Impact(item, change, gain(document, change, context, on), item.customers, item.value_minor)


class _Consenting:
    """Whether a customer allows the backlog's purpose, asked once per customer."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.answers: dict[int, bool] = {}

    def __call__(self, customer_id: int) -> bool:
        if customer_id not in self.answers:
            self.answers[customer_id] = allowed(
                session=self.session, customer_id=customer_id, channel="any", purpose=PURPOSE
            )
        return self.answers[customer_id]

    def seen(self) -> list[int]:
        """Customers asked so far who allow it."""
        return [customer_id for customer_id, yes in self.answers.items() if yes]


def _rows(session: Session, start: datetime) -> Iterable[Interaction]:
    """Configurator events and quote requests since `start`, oldest first."""
    query = (
        select(Interaction)
        .where(col(Interaction.kind).in_(("configurator", "quote_request")), col(Interaction.occurred_at) >= start)
        .order_by(col(Interaction.occurred_at), col(Interaction.id))
    )
    return session.exec(query).all()


def _items(session: Session, row: Interaction) -> list[tuple[BacklogItem, Decimal | None]]:
    """The backlog items one timeline row met, with the number asked (bounds)."""
    links = row.links
    product = str(links.get("product") or "")
    if row.kind == "quote_request":
        saved = session.exec(
            select(SavedConfiguration).where(SavedConfiguration.share_code == str(links.get("configuration")))
        ).first()
        return [(BacklogItem("quote", saved.product_id), None)] if saved is not None else []
    detail = str(links.get("detail") or "")
    if links.get("event") == "conflict":
        rules = [rule.strip() for rule in detail.split(",")]
        return [(BacklogItem("rule", product, rule=rule), None) for rule in rules if rule and rule != "structure"]
    if links.get("event") == "clash" and "=" in detail:
        attribute, typed = detail.split("=", 1)
        try:
            number = Decimal(typed.strip())
        except InvalidOperation:
            return []
        return [(BacklogItem("bound", product, attribute=attribute), number)] if number.is_finite() else []
    return []


def _weighed(
    session: Session, entry: _Met, known: dict[int, tuple[int, str, str]], only_tier: str | None,
    only_segment: str | None,
) -> BacklogItem:  # fmt: skip
    """The item with its customers counted and weighed, by tier and by segment (person or company); with
    `only_tier` or `only_segment`, the customers of that tier or segment only. `known` keeps each
    customer's (value, tier, segment) across items."""
    item = entry.item
    numbers: set[Decimal] = set()
    tiers: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    segments: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for customer_id in sorted(entry.who):
        if customer_id not in known:
            customer = session.get(Customer, customer_id)
            known[customer_id] = (*_value(session, customer_id), customer.kind if customer is not None else "person")
        value, tier, segment = known[customer_id]
        if only_tier not in (None, tier) or only_segment not in (None, segment):
            continue
        numbers |= entry.numbers.get(customer_id, set())
        for group in (tiers[tier], segments[segment]):
            group[0] += 1
            group[1] += value
        item.customers += 1
        item.value_minor += value
    item.numbers = tuple(sorted(numbers))
    item.by_tier = {name: Share(n, v) for name, (n, v) in sorted(tiers.items())}
    item.by_segment = {name: Share(n, v) for name, (n, v) in sorted(segments.items())}
    return item


def _value(session: Session, customer_id: int) -> tuple[int, str]:
    """The customer's strategic value (minor units, never below 0) and tier, from their newest tier record."""
    newest = session.exec(
        select(TierRecord)
        .where(TierRecord.customer_id == customer_id)
        .order_by(col(TierRecord.computed_at).desc(), col(TierRecord.id).desc())
    ).first()
    if newest is None:
        return 0, NO_TIER
    return max(newest.strategic_value_minor, 0), newest.tier


def located(items: list[BacklogItem], document: dict[str, Any]) -> list[BacklogItem]:
    """The items about the document's products, each with its place (items it no longer has: left out)."""
    products = {p.get("id") for p in document.get("products") or []}
    kept: list[BacklogItem] = []
    for item in items:
        if item.product not in products:
            continue
        change = item.relaxation
        if change is None:
            p = next(i for i, product in enumerate(document["products"]) if product.get("id") == item.product)
            item.location = Location(item.product, ("products", p))
        else:
            try:
                item.location = locate(document, change)
            except (StopIteration, KeyError, ValueError):
                continue
        kept.append(item)
    return kept
