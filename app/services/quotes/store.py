"""Keep quotes: open one for a customer, add lines configured on their behalf, change quantities,
discounts and terms, and read them back.

Who may do what: every rep reads every quote (a team sells); only the quote's owner, a sales manager
or an admin changes it (`ForbiddenError` for another rep). Every change names the `version` of the
quote the rep saw (a stale copy gets a `ConflictError`), is checked by the pure quote core before it
is kept, and leaves the quote in the status `app.quotes.validity.after_change` says: a change to a
quote waiting for or holding an approval asks again (`app.services.quotes.approvals`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import wraps
from typing import ParamSpec, TypeVar

from sqlmodel import Session, col, select

from app.catalog.configuration import Choice
from app.errors import ConflictError, ForbiddenError, NotFoundError, TailorError
from app.models import Account, Customer, Quote, QuoteLine
from app.models.base import json_ready, utcnow
from app.models.quotes import OPEN_QUOTE_STATUSES
from app.quotes.lines import MAX_QUANTITY
from app.quotes.totals import MAX_LINES
from app.quotes.validity import EDITABLE, default_valid_until
from app.services.catalogs.documents import hash_of
from app.services.catalogs.shelf import published_catalog
from app.services.configurator.checkout import checked_price
from app.services.context import customer_context
from app.services.customers.records import resolve

P = ParamSpec("P")
R = TypeVar("R")
MANAGERS = ("sales_manager", "admin")
"""Roles that may change any rep's quote (and decide approvals)."""
TERMS_LENGTH = 2000
CHANNEL = "call_centre"
"""The touchpoint a rep's quote is made on (the catalogs' `channel` context key)."""


def rolls_back(change: Callable[P, R]) -> Callable[P, R]:
    """A change that leaves nothing half-done in the session when it is refused."""

    @wraps(change)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return change(*args, **kwargs)
        except Exception:
            session = kwargs.get("session")
            if isinstance(session, Session):
                session.rollback()
            raise

    return run


def create_quote(
    *, session: Session, customer_id: int, owner: Account, contact_id: int | None = None,
    request_id: int | None = None, today: date | None = None,
) -> Quote:  # fmt: skip
    """A new, empty draft quote for a live customer (a company's: optionally for one of its contacts)."""
    customer = live_customer(session=session, customer_id=customer_id)
    if contact_id is not None:
        _check_contact(session, customer, contact_id)
    issued = today or utcnow().date()
    quote = Quote(customer_id=int(customer.id or 0), contact_id=contact_id, owner_id=owner.id, channel=CHANNEL,
                  valid_until=default_valid_until(issued), request_id=request_id)  # fmt: skip
    session.add(quote)
    session.flush()
    quote.root_id = quote.id
    session.commit()
    session.refresh(quote)
    return quote


def live_customer(*, session: Session, customer_id: int) -> Customer:
    """The customer (followed through merges); `NotFoundError` when there is none or they were erased."""
    customer = resolve(session=session, customer_id=customer_id)
    if customer.erased_at is not None:
        raise NotFoundError("no customer {number}", number=customer_id)
    return customer


def customer_of(*, session: Session, quote: Quote) -> Customer:
    """The customer a quote is for (as kept: an erased customer's quote still opens)."""
    customer = session.get(Customer, quote.customer_id)
    if customer is None:
        raise NotFoundError("no customer {number}", number=quote.customer_id)
    return customer


def quote_of(*, session: Session, quote_id: int) -> Quote:
    """The quote revision `quote_id` (`NotFoundError` when there is none)."""
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise NotFoundError("no quote {number}", number=quote_id)
    return quote


def lines_of(*, session: Session, quote_id: int) -> list[QuoteLine]:
    """The quote's lines in their order."""
    query = select(QuoteLine).where(QuoteLine.quote_id == quote_id).order_by(col(QuoteLine.position), col(QuoteLine.id))
    return list(session.exec(query).all())


def editable(*, session: Session, quote_id: int, version: int, actor: Account) -> Quote:
    """The quote, when `actor` may change it, it may change in place and `version` is the one in the database."""
    quote = quote_of(session=session, quote_id=quote_id)
    may_change(quote, actor)
    if quote.status not in EDITABLE:
        raise ConflictError(
            "Quote {number} is {status} and cannot be changed; make a new revision.",
            number=quote.root_id or quote.id, status=quote.status,
        )  # fmt: skip
    if quote.version != version:
        raise ConflictError("Quote {number} was changed meanwhile: reload it and try again.", number=quote.root_id)
    return quote


def may_change(quote: Quote, actor: Account) -> None:
    """`ForbiddenError` unless `actor` owns the quote or is a sales manager or an admin."""
    if actor.role not in MANAGERS and quote.owner_id != actor.id:
        raise ForbiddenError("Quote {number} belongs to another rep.", number=quote.root_id or quote.id)


@rolls_back
def add_line(
    *, session: Session, quote_id: int, version: int, actor: Account, catalog_id: str, product_id: str,
    choices: Mapping[str, Choice], quantity: int = 1, key: str | None = None,
) -> QuoteLine:  # fmt: skip
    """Price a complete, valid configuration in the customer's context on the catalog in force and add it
    (or, with the `key` of a line, replace that line's configuration and keep its quantity and discount)."""
    quote = editable(session=session, quote_id=quote_id, version=version, actor=actor)
    check_quantity(quantity)
    customer = live_customer(session=session, customer_id=quote.customer_id)
    catalog = published_catalog(session=session, catalog_id=catalog_id)
    context = customer_context(session=session, customer=customer, channel=quote.channel)
    breakdown = checked_price(catalog=catalog, product_id=product_id, choices=dict(choices), context=context)
    lines = lines_of(session=session, quote_id=quote_id)
    currencies = {line.breakdown.get("currency") for line in lines} - {breakdown.currency}
    if currencies:
        raise TailorError(
            "product: {product} is priced in {other}, this quote in {currency}.",
            product=product_id, other=breakdown.currency, currency=quote.currency,
        )  # fmt: skip
    line = next((line for line in lines if line.key == key), None) if key else None
    if key and line is None:
        raise NotFoundError("quote {number} has no line {line}", number=quote.root_id, line=key)
    if line is None:
        if len(lines) >= MAX_LINES:
            raise TailorError("A quote has at most {count} lines.", count=MAX_LINES)
        line = QuoteLine(quote_id=quote_id, key=new_key(), position=len(lines), quantity=quantity,
                         catalog_id=catalog.id, catalog_version=catalog.version, catalog_hash="",
                         product_id=product_id)  # fmt: skip
    line.catalog_id, line.catalog_version, line.catalog_hash = catalog.id, catalog.version, hash_of(catalog)
    line.product_id, line.choices = product_id, json_ready(dict(choices))
    line.breakdown = breakdown.model_dump(mode="json")
    line.context = {"values": dict(context.values), "on": context.on.isoformat()}
    quote.currency = breakdown.currency
    session.add(line)
    changed(session=session, quote=quote, actor=actor)
    return line


@rolls_back
def change_line(
    *, session: Session, quote_id: int, version: int, actor: Account, key: str, quantity: str,
    discount_percent: str = "", discount_per_unit: str = "",
) -> QuoteLine:  # fmt: skip
    """Set a line's quantity and discount (a percent, or an amount per unit in minor units; both empty: none)."""
    quote = editable(session=session, quote_id=quote_id, version=version, actor=actor)
    line = _line(session, quote, key)
    line.quantity = check_quantity(read_int("quantity", quantity))
    line.discount_percent, line.discount_per_unit = None, None
    if discount_percent.strip() and discount_per_unit.strip():
        raise TailorError("discount: give a percent or an amount per unit, not both")
    if discount_percent.strip():
        line.discount_percent = str(read_percent("discount", discount_percent))
    elif discount_per_unit.strip():
        line.discount_per_unit = read_amount("discount per unit", discount_per_unit)
    session.add(line)
    changed(session=session, quote=quote, actor=actor)
    return line


@rolls_back
def remove_line(*, session: Session, quote_id: int, version: int, actor: Account, key: str) -> None:
    """Take a line off the quote."""
    quote = editable(session=session, quote_id=quote_id, version=version, actor=actor)
    session.delete(_line(session, quote, key))
    session.flush()
    for position, line in enumerate(lines_of(session=session, quote_id=quote_id)):
        line.position = position
        session.add(line)
    changed(session=session, quote=quote, actor=actor)


@rolls_back
def change_terms(
    *, session: Session, quote_id: int, version: int, actor: Account, discount_percent: str, valid_until: str,
    terms: str, today: date | None = None,
) -> Quote:  # fmt: skip
    """Set the quote discount (empty: none), the last valid day and the terms text."""
    quote = editable(session=session, quote_id=quote_id, version=version, actor=actor)
    quote.discount_percent = str(read_percent("quote discount", discount_percent)) if discount_percent.strip() else None
    try:
        last = date.fromisoformat(valid_until.strip())
    except ValueError:
        raise TailorError("valid until: '{text}' is not a date (YYYY-MM-DD)", text=valid_until[:20]) from None
    if last < (today or utcnow().date()):
        raise TailorError("valid until: {day} has passed", day=last.isoformat())
    if len(terms) > TERMS_LENGTH:
        raise TailorError("terms: at most {count} characters", count=TERMS_LENGTH)
    quote.valid_until, quote.terms = last, terms.strip()
    changed(session=session, quote=quote, actor=actor)
    return quote


def changed(*, session: Session, quote: Quote, actor: Account) -> None:
    """Price the changed quote (refusing what the core refuses), move its status, bump its version, commit."""
    from app.services.quotes.approvals import after_change  # approvals price quotes too: import when used
    from app.services.quotes.priced import priced_quote

    session.flush()
    priced = priced_quote(session=session, quote=quote)
    if priced.problem is not None:
        session.rollback()
        raise priced.problem
    quote.net_minor = priced.totals.net if priced.totals else 0
    quote.margin_minor = priced.totals.margin if priced.totals else 0
    quote.version += 1
    quote.updated_at = utcnow()
    after_change(session=session, quote=quote, priced=priced, actor=actor)
    session.add(quote)
    session.commit()
    session.refresh(quote)


def new_key() -> str:
    """A fresh line key (kept by the line across revisions)."""
    return secrets.token_hex(6)


def check_quantity(quantity: int) -> int:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise TailorError("quantity: between 1 and {most}", most=MAX_QUANTITY)
    return quantity


def read_int(field: str, text: str, *, least: int = 1, most: int = MAX_QUANTITY) -> int:
    """A whole number typed in `field` (`TailorError` naming the field otherwise)."""
    value = text.strip()
    if not value.isdigit() or len(value) > 13:
        raise TailorError("{field}: '{text}' is not a whole number", field=field, text=value[:20])
    number = int(value)
    if not least <= number <= most:
        raise TailorError("{field}: between {least} and {most}", field=field, least=least, most=most)
    return number


def read_amount(field: str, text: str) -> int:
    """An amount in major units typed in `field` ("12.50" or "12,50") as minor units (above 0)."""
    value = text.strip().replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise TailorError("{field}: '{text}' is not an amount (like 12.50)", field=field, text=text[:20]) from None
    if not amount.is_finite() or not Decimal(0) < amount < Decimal(10**10) or amount != round(amount, 2):
        raise TailorError("{field}: '{text}' is not an amount (like 12.50)", field=field, text=text[:20])
    return int(amount * 100)


def read_percent(field: str, text: str) -> Decimal:
    """A percent above 0 and at most 100 with at most two decimals ("7,5" and "7.5" both read 7.5)."""
    value = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        percent = Decimal(value)
    except InvalidOperation:
        raise TailorError("{field}: '{text}' is not a percent", field=field, text=text[:20]) from None
    if not percent.is_finite() or not Decimal(0) < percent <= Decimal(100) or percent != round(percent, 2):
        raise TailorError("{field}: a percent above 0 and at most 100, with at most two decimals", field=field)
    return Decimal(int(percent)) if percent == percent.to_integral_value() else percent


def _line(session: Session, quote: Quote, key: str) -> QuoteLine:
    found = session.exec(select(QuoteLine).where(QuoteLine.quote_id == quote.id, QuoteLine.key == key)).first()
    if found is None:
        raise NotFoundError("quote {number} has no line {line}", number=quote.root_id, line=key[:64])
    return found


def _check_contact(session: Session, company: Customer, contact_id: int) -> None:
    from app.models import Contact

    found = session.exec(
        select(Contact).where(Contact.company_id == company.id, Contact.person_id == contact_id)
    ).first()
    if company.kind != "company" or found is None:
        raise TailorError("contact: customer {contact} is not a contact of {company}", contact=contact_id,
                          company=company.name)  # fmt: skip


def quotes_of_customer(*, session: Session, customer_id: int, open_only: bool = False) -> list[Quote]:
    """The customer's quotes, latest revision of each, newest first."""
    query = select(Quote).where(Quote.customer_id == customer_id, Quote.status != "superseded")
    if open_only:
        query = query.where(col(Quote.status).in_(OPEN_STATUSES))
    return list(session.exec(query.order_by(col(Quote.updated_at).desc())).all())


OPEN_STATUSES = OPEN_QUOTE_STATUSES
