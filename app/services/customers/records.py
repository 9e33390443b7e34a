"""Customers: find-or-create by identifier on every touchpoint, read, update with version checks, contacts.

`identify` is what every channel calls with whatever identifiers it has (an e-mail typed in
the web shop, a phone number in the call centre, a loyalty card at the till): a known
identifier finds its customer, whichever channel first recorded it, and the new ones are
added to that customer. Identifiers that point at two different customers leave both as
they are and put the pair in the duplicate review queue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from app.errors import ConflictError, NotFoundError, TailorError
from app.identity.normalize import normalize_email, normalize_phone
from app.models import Address, Contact, Customer, DuplicateCandidate, Identifier
from app.models.base import utcnow
from app.models.customers import BUYING_ROLES, CUSTOMER_KINDS, IDENTIFIER_KINDS


@dataclass(frozen=True)
class Key:
    """One identifier as a touchpoint gives it (not yet normalised)."""

    kind: str
    value: str
    channel: str = ""


@dataclass
class Identified:
    """The customer a touchpoint found (or created), and what `identify` did."""

    customer: Customer
    created: bool
    added: list[Identifier] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    """Other customers the identifiers also pointed at (queued for review)."""


class CustomerUpdate(BaseModel):
    """Fields an update may change; `version` is the version the change was made from."""

    version: int = Field(ge=1)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    given_name: str | None = Field(default=None, max_length=100)
    family_name: str | None = Field(default=None, max_length=100)
    date_of_birth: date | None = None
    locale: Literal["en", "es", "pt"] | None = None


def normalized(key: Key, region: str = "ES") -> Key:
    """The identifier in its stored form (IdentifierError, 422, when it is not valid)."""
    if key.kind not in IDENTIFIER_KINDS:
        raise TailorError(
            "unknown identifier kind '{kind}' (known: {known})", kind=key.kind, known=", ".join(IDENTIFIER_KINDS)
        )
    if key.kind == "email":
        return Key("email", normalize_email(key.value))
    if key.kind == "phone":
        return Key("phone", normalize_phone(key.value, region))
    value = key.value.strip()
    if not value:
        raise TailorError("empty {kind} identifier", kind=key.kind)
    if key.kind == "channel" and not key.channel:
        raise TailorError("channel id '{value}' needs the channel it belongs to", value=value)
    return Key(key.kind, value.upper() if key.kind in ("account", "loyalty") else value, key.channel)


def resolve(*, session: Session, customer_id: int) -> Customer:
    """The customer with `customer_id`, following merges to the survivor (404 if there is none)."""
    customer = session.get(Customer, customer_id)
    seen = set()
    while customer is not None and customer.merged_into_id is not None and customer.id not in seen:
        seen.add(customer.id)
        customer = session.get(Customer, customer.merged_into_id)
    if customer is None:
        raise NotFoundError("no customer {number}", number=customer_id)
    return customer


def identify(
    *,
    session: Session,
    keys: Sequence[Key],
    source: str,
    name: str | None = None,
    kind: str = "person",
    region: str = "ES",
) -> Identified:
    """Find the customer of `keys` or create one (named `name`, else after the first identifier)."""
    if not keys:
        raise TailorError("a touchpoint needs at least one identifier to find a customer")
    if kind not in CUSTOMER_KINDS:
        raise TailorError("unknown customer kind '{kind}' (known: {known})", kind=kind, known=", ".join(CUSTOMER_KINDS))
    wanted = list(dict.fromkeys(normalized(key, region) for key in keys))
    return _twice(session, lambda: _identify(session, wanted, source, name, kind))


def _twice(session: Session, find: Callable[[], Identified]) -> Identified:
    """`find` committed; once more when another touchpoint created the same identifier at the same moment."""
    for attempt in range(2):
        try:
            found = find()
            session.commit()
            return found
        except IntegrityError:
            session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


def _identify(session: Session, keys: list[Key], source: str, name: str | None, kind: str) -> Identified:
    rows = _known(session, keys)
    owners = [int(owner) for owner in dict.fromkeys(_owner(session, row) for row in rows)]
    created = not owners
    if created:
        customer = Customer(kind=kind, name=(name or keys[0].value).strip()[:200])
        session.add(customer)
        session.flush()
    else:
        customer = resolve(session=session, customer_id=owners[0])
    assert customer.id is not None
    added = _add_identifiers(session, customer.id, keys, rows, source)
    others = owners[1:]
    for other in others:
        _queue_pair(session, customer.id, other)
    session.flush()
    return Identified(customer, created, added, others)


def _owner(session: Session, row: Identifier) -> int:
    customer = resolve(session=session, customer_id=row.customer_id)
    assert customer.id is not None
    return customer.id


def _known(session: Session, keys: list[Key]) -> list[Identifier]:
    values = [key.value for key in keys]
    rows = session.exec(select(Identifier).where(col(Identifier.value).in_(values))).all()
    wanted = {(key.kind, key.channel, key.value) for key in keys}
    return sorted((row for row in rows if (row.kind, row.channel, row.value) in wanted), key=lambda r: r.customer_id)


def candidate_pair(session: Session, first: int, second: int) -> DuplicateCandidate | None:
    """The review-queue entry of two customers, whichever order they are given in."""
    left, right = sorted((first, second))
    query = select(DuplicateCandidate).where(DuplicateCandidate.left_id == left, DuplicateCandidate.right_id == right)
    return session.exec(query).first()


def _queue_pair(session: Session, first: int, second: int) -> None:
    if candidate_pair(session, first, second) is None:
        left, right = sorted((first, second))
        session.add(DuplicateCandidate(left_id=left, right_id=right, probability=1.0))


def update_customer(*, session: Session, customer_id: int, change: CustomerUpdate) -> Customer:
    """Apply `change` if the customer is still at `change.version`; else 409, and nothing is written."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFoundError("no customer {number}", number=customer_id)
    if customer.version != change.version:
        raise _stale(customer_id, customer.version, change.version)
    for name, value in change.model_dump(exclude={"version"}, exclude_unset=True).items():
        setattr(customer, name, value)
    customer.updated_at = utcnow()
    try:
        session.commit()
    except StaleDataError as error:
        session.rollback()
        fresh = session.get(Customer, customer_id)
        raise _stale(customer_id, fresh.version if fresh else -1, change.version) from error
    session.refresh(customer)
    return customer


def _stale(customer_id: int, current: int, yours: int) -> TailorError:
    return ConflictError(
        "customer {number} was changed by someone else (now version {current}, your copy is version {yours}): "
        "reload it and apply your change again",
        number=customer_id,
        current=current,
        yours=yours,
    )


def add_contact(*, session: Session, company_id: int, person_id: int, role: str, title: str | None = None) -> Contact:
    """Record `person_id` as a contact of `company_id` with their buying role (decides, influences, uses)."""
    if role not in BUYING_ROLES:
        raise TailorError("unknown buying role '{role}' (known: {known})", role=role, known=", ".join(BUYING_ROLES))
    company = resolve(session=session, customer_id=company_id)
    person = resolve(session=session, customer_id=person_id)
    if company.kind != "company":
        raise TailorError("customer {company} is a {kind}, not a company", company=company_id, kind=company.kind)
    if person.kind != "person":
        raise TailorError(
            "a contact must be a person; customer {person} is a {kind}", person=person_id, kind=person.kind
        )
    assert company.id is not None
    assert person.id is not None
    contact = Contact(company_id=company.id, person_id=person.id, role=role, title=title)
    session.add(contact)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise ConflictError(
            "customer {person} is already a contact of company {company}", person=person_id, company=company_id
        ) from error
    return contact


def add_address(
    *,
    session: Session,
    customer_id: int,
    street: str,
    city: str,
    postcode: str | None = None,
    region: str | None = None,
    country: str = "ES",
    kind: str = "home",
) -> Address:
    """Add a postal address to the customer (404 if there is none)."""
    customer = resolve(session=session, customer_id=customer_id)
    assert customer.id is not None
    if not street.strip() or not city.strip():
        raise TailorError("an address needs a street and a city")
    if len(country) != 2 or not country.isalpha():
        raise TailorError("country must be a two-letter ISO code, not '{country}'", country=country)
    address = Address(
        customer_id=customer.id,
        kind=kind,
        street=street.strip(),
        city=city.strip(),
        postcode=postcode,
        region=region,
        country=country.upper(),
    )
    session.add(address)
    session.commit()
    return address


def identify_unverified(*, session: Session, keys: Sequence[Key], source: str, name: str) -> Identified:
    """The customer an unverified touchpoint (an anonymous web form) stands for: never an existing one.

    Anyone can type anyone's e-mail, so identifiers nobody proved control of must not write into
    the record (or the value) of the customer who holds them. Unknown identifiers make a new
    customer as `identify` does; known ones make a new customer without them, queued for review
    as a possible duplicate of each holder, so a rep merges them once it is clear they are one.
    """
    if not keys:
        raise TailorError("a touchpoint needs at least one identifier to find a customer")
    wanted = list(dict.fromkeys(normalized(key) for key in keys))

    def find() -> Identified:
        rows = _known(session, wanted)
        if not rows:
            return _identify(session, wanted, source, name, "person")
        return _unverified_duplicate(session, rows, wanted, source, name)

    return _twice(session, find)


def _unverified_duplicate(
    session: Session, rows: list[Identifier], keys: list[Key], source: str, name: str
) -> Identified:
    """A new customer for a touchpoint whose identifiers others hold, with a review entry per holder."""
    customer = Customer(kind="person", name=name.strip()[:200] or keys[0].value[:200])
    session.add(customer)
    session.flush()
    assert customer.id is not None
    added = _add_identifiers(session, customer.id, keys, rows, source)
    holders = [int(owner) for owner in dict.fromkeys(_owner(session, row) for row in rows)]
    for holder in holders:
        _queue_pair(session, customer.id, holder)
    session.flush()
    return Identified(customer, True, added, holders)


def _add_identifiers(
    session: Session, customer_id: int, keys: Sequence[Key], rows: Sequence[Identifier], source: str
) -> list[Identifier]:
    """The identifiers of `keys` that `rows` do not hold yet, added to `customer_id` (in the caller's transaction)."""
    known = {(row.kind, row.channel, row.value) for row in rows}
    added = [
        Identifier(customer_id=customer_id, kind=k.kind, channel=k.channel, value=k.value, source=source)
        for k in keys
        if (k.kind, k.channel, k.value) not in known
    ]
    session.add_all(added)
    return added
