"""What a catalog version does to customers, against the version in force, before it is published.

The lines looked at are the catalog's saved configurations and unfinished drafts of known customers
(those with an open quote request are shown as quotes), and the lines of their orders not yet shipped
(status `placed`). Each is opened in the configurator
on both versions, in the customer's own context: a line that stops being valid says what breaks and
the nearest repair (the engine's repairs), a valid one whose price moves says by how much. Customers
come a page at a time (by id), each with their tier and value at stake (latest `TierRecord`), and
the engine work of a page is bounded (`ENGINE_BUDGET` lines; the rest is said to be left out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, col, select

from app.catalog import Catalog
from app.errors import TailorError
from app.models import Customer, Interaction, Need, Order, OrderLine, Quote, QuoteLine, SavedConfiguration, TierRecord
from app.models.quotes import OPEN_QUOTE_STATUSES as OPEN_STATUSES
from app.services.catalogs.in_force import catalog_in_force, catalog_of_version, version_in_force
from app.services.catalogs.versions import version_by_id
from app.services.configurator.page import configure
from app.services.context import customer_context

PAGE_SIZE = 25
"""Customers per page."""
NEEDS_SHOWN = 100
"""Needs newly met or no longer met, listed at most."""
ENGINE_BUDGET = 200
"""Lines opened in the configurator per page (two engine questions each)."""


@dataclass(frozen=True)
class Opened:
    """A line as one version sees it: valid or not, why not, the nearest repair, the price (minor units)."""

    valid: bool
    broken: str = ""
    repair: dict[str, str] = field(default_factory=dict)
    price: int | None = None
    repaired: dict[str, Any] = field(default_factory=dict)
    """The repair's changes as choices (lists for add-ons), for a link that opens it."""


@dataclass(frozen=True)
class Line:
    """One saved configuration, draft or order line, before and after."""

    kind: str
    """`saved`, `draft`, `quote` (a saved configuration with an open quote request) or `order`."""
    ref: int
    product_id: str
    name: str
    choices: dict[str, Any]
    before: Opened
    after: Opened

    @property
    def invalidated(self) -> bool:
        return self.before.valid and not self.after.valid

    @property
    def price_change(self) -> int | None:
        if self.after.valid and self.before.price is not None and self.after.price is not None:
            return self.after.price - self.before.price
        return None


@dataclass(frozen=True)
class CustomerImpact:
    """A customer whose lines the version changes, with their tier and value at stake."""

    customer_id: int
    name: str
    tier: str
    value_minor: int
    lines: list[Line]


@dataclass(frozen=True)
class NeedChange:
    """A stated need the version newly meets (`met`), or no longer meets."""

    customer_id: int
    name: str
    key: str
    value: str
    met: bool


@dataclass(frozen=True)
class Impact:
    """One page of a version's impact."""

    version_id: int
    catalog_id: str
    against: int | None
    """The number of the version in force it is compared with."""
    customers: list[CustomerImpact]
    page: int
    pages: int
    looked_at: int
    left_out: int
    """Lines of this page not opened (the engine budget ran out)."""
    needs: list[NeedChange] = field(default_factory=list)
    currency: str = "EUR"
    """The catalog's currency (prices); customer values are in euros."""


def draft_impact(*, session: Session, version_id: int, page: int = 1, locale: str = "en") -> Impact:
    """What version `version_id` changes for the customers of page `page`, against the version in force."""
    version = version_by_id(session=session, version_id=version_id)
    after, catalog_id = catalog_of_version(version), version.catalog_id
    in_force = version_in_force(session=session, catalog_id=catalog_id)
    before = catalog_in_force(session=session, catalog_id=catalog_id) if in_force else after
    ids = _customer_ids(session, catalog_id)
    pages = max(1, -(-len(ids) // PAGE_SIZE))
    chosen = ids[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    budget, customers, left_out = ENGINE_BUDGET, [], 0
    for customer_id in chosen:
        customer = session.get(Customer, customer_id)
        if customer is None or customer.erased_at is not None:
            continue
        lines = []
        for kind, ref, product_id, name, choices in _lines(session, catalog_id, customer_id):
            if budget <= 0:
                left_out += 1
                continue
            budget -= 1
            line = _line(session, customer, (before, after), (kind, ref, product_id, name, choices), locale)
            if line.invalidated or line.price_change or (line.before.valid != line.after.valid):
                lines.append(line)
        if lines:
            customers.append(_customer(session, customer, lines))
    return Impact(version_id=version_id, catalog_id=catalog_id, against=None if in_force is None else in_force.number,
                  customers=customers, page=page, pages=pages, looked_at=ENGINE_BUDGET - budget,
                  left_out=left_out, needs=need_changes(session=session, before=before, after=after),
                  currency=after.currency)  # fmt: skip


def open_line(catalog: Catalog, product_id: str, choices: dict[str, Any], context: Any, locale: str) -> Opened:
    """A configuration's choices as `catalog` sees them in `context`: valid, what breaks, the repair, the price."""
    try:
        state = configure(catalog, product_id, [], context, locale, prefill=choices)
    except TailorError as error:  # the product is gone, or cannot be read any more
        return Opened(valid=False, broken=error.message)
    if state.answer.conflict is None and not state.problems:
        return Opened(valid=True, price=None if state.breakdown is None else state.breakdown.total)
    broken = "; ".join(problem.message for problem in state.problems) or _conflict_text(state.answer.conflict)
    repairs = state.answer.repairs
    changes = {} if not repairs else {key: _choice(value) for key, value in repairs[0].changes.items()}
    repair = {key: _text(value) for key, value in changes.items()}
    return Opened(valid=False, broken=broken[:500], repair=repair, repaired=changes)


def meets(catalog: Catalog, product_id: str, need: Need) -> bool:
    """Whether the product has the option the need names, or a range holding its measurement."""
    product = next((p for p in catalog.products if p.id == product_id), None)
    attribute = None if product is None else next((a for a in product.attributes() if a.id == need.key), None)
    if attribute is None:
        return False
    if attribute.kind == "numeric":
        try:
            value = Decimal(str(need.value))
        except InvalidOperation:
            return False
        return bool(attribute.min <= value <= attribute.max)
    if attribute.kind in ("one_of", "many_of"):
        return any(option.id == need.value for option in attribute.options)
    return False


def need_changes(*, session: Session, before: Catalog, after: Catalog, limit: int = NEEDS_SHOWN) -> list[NeedChange]:
    """Stated needs no product of `before` could meet and `after` can (met=True), and the reverse."""
    changes: list[NeedChange] = []
    keys = {attribute.id for product in after.products for attribute in product.attributes()}
    keys |= {attribute.id for product in before.products for attribute in product.attributes()}
    query = (
        select(Need, Customer.name)
        .join(Customer, col(Customer.id) == col(Need.customer_id))
        .where(col(Need.stated).is_(True), col(Need.key).in_(sorted(keys)), col(Customer.erased_at).is_(None))
    )
    for need, name in session.exec(query.order_by(col(Need.id)).limit(limit * 20)).all():
        was = any(meets(before, product.id, need) for product in before.products)
        now = any(meets(after, product.id, need) for product in after.products)
        if was != now:
            changes.append(NeedChange(customer_id=need.customer_id, name=name, key=need.key, value=str(need.value),
                                      met=now))  # fmt: skip
        if len(changes) >= limit:
            break
    return changes


def _line(session: Session, customer: Customer, catalogs: tuple[Catalog, Catalog], row: tuple[Any, ...],
          locale: str) -> Line:  # fmt: skip
    kind, ref, product_id, name, choices = row
    context = customer_context(session=session, customer=customer)
    language = (customer.locale or locale)[:2]
    before, after = (open_line(catalog, product_id, choices, context, language) for catalog in catalogs)
    return Line(kind=kind, ref=ref, product_id=product_id, name=name, choices=choices, before=before, after=after)


def _customer(session: Session, customer: Customer, lines: list[Line]) -> CustomerImpact:
    record = session.exec(
        select(TierRecord).where(TierRecord.customer_id == customer.id).order_by(col(TierRecord.computed_at).desc())
    ).first()
    value = 0 if record is None else record.current_value_minor + record.strategic_value_minor
    tier = customer.tier or (record.tier if record else "")
    return CustomerImpact(customer_id=customer.id or 0, name=customer.name, tier=tier or "", value_minor=value,
                          lines=lines)  # fmt: skip


def _customer_ids(session: Session, catalog_id: str) -> list[int]:
    """Known customers with a saved configuration, draft or unshipped order line on the catalog, by id."""
    saved = select(SavedConfiguration.customer_id).where(
        SavedConfiguration.catalog_id == catalog_id, col(SavedConfiguration.customer_id).is_not(None)
    )
    ordered = (
        select(Order.customer_id).join(OrderLine, col(OrderLine.order_id) == col(Order.id))
        .where(OrderLine.catalog_id == catalog_id, Order.status == "placed")
    )  # fmt: skip
    quoted = (
        select(Quote.customer_id).join(QuoteLine, col(QuoteLine.quote_id) == col(Quote.id))
        .where(QuoteLine.catalog_id == catalog_id, col(Quote.status).in_(OPEN_STATUSES))
    )  # fmt: skip
    ids = {int(found) for found in session.exec(saved).all() if found is not None}
    ids.update(int(found) for found in session.exec(ordered).all())
    ids.update(int(found) for found in session.exec(quoted).all())
    return sorted(ids)


def _lines(session: Session, catalog_id: str, customer_id: int) -> list[tuple[str, int, str, str, dict[str, Any]]]:
    rows: list[tuple[str, int, str, str, dict[str, Any]]] = []
    quoted = _quoted(session, customer_id)
    for saved in session.exec(
        select(SavedConfiguration).where(SavedConfiguration.catalog_id == catalog_id,
                                         SavedConfiguration.customer_id == customer_id)
        .order_by(col(SavedConfiguration.id))
    ).all():  # fmt: skip
        kind = "quote" if saved.share_code in quoted else "draft" if saved.draft else "saved"
        rows.append((kind, saved.id or 0, saved.product_id, saved.name, saved.choices))
    for line in session.exec(
        select(OrderLine).join(Order, col(OrderLine.order_id) == col(Order.id))
        .where(OrderLine.catalog_id == catalog_id, Order.customer_id == customer_id, Order.status == "placed")
        .order_by(col(OrderLine.id))
    ).all():  # fmt: skip
        rows.append(("order", line.order_id, line.product_id, "", line.choices))
    for quote_id, quote_line in session.exec(
        select(Quote.root_id, QuoteLine).join(Quote, col(QuoteLine.quote_id) == col(Quote.id))
        .where(QuoteLine.catalog_id == catalog_id, Quote.customer_id == customer_id,
               col(Quote.status).in_(OPEN_STATUSES))
        .order_by(col(QuoteLine.quote_id), col(QuoteLine.position))
    ).all():  # fmt: skip
        rows.append(("quote", int(quote_id or 0), quote_line.product_id, "", quote_line.choices))
    return rows


def _quoted(session: Session, customer_id: int) -> set[str]:
    """The share codes of the customer's configurations with an open quote request (not yet answered by a quote)."""
    found = session.exec(
        select(Interaction.links).where(Interaction.customer_id == customer_id, Interaction.kind == "quote_request",
                                        col(Interaction.resolved_at).is_(None))
    ).all()  # fmt: skip
    return {str(links.get("configuration")) for links in found if isinstance(links, dict)}


def customers_count(*, session: Session, catalog_id: str) -> int:
    """How many customers the impact pages go through."""
    return len(_customer_ids(session, catalog_id))


def _conflict_text(conflict: Any) -> str:
    if conflict is None:
        return ""
    return "; ".join(rule.message for rule in conflict.rules) or ", ".join(conflict.choices)


def _choice(value: Any) -> Any:
    return [str(item) for item in value] if isinstance(value, (list, tuple, frozenset, set)) else str(value)


def _text(value: Any) -> str:
    return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)
