"""Merge two customers found to be one, with survivorship rules, a full audit trail and undo.

Survivorship: the survivor keeps its own values; each field it lacks (names, date of birth,
locale) is filled from the merged customer. Every row of the merged customer (identifiers,
addresses, orders, interactions, needs, consents, contact links) is re-pointed at the
survivor. The `Merge` row records each moved row's id and each field filled with its old
value, so `undo_merge` puts everything back exactly. The merged customer's row stays, pointing
at the survivor, so its old id still resolves. A merge and its undo each commit at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, SQLModel, col, select

from app.errors import ConflictError, NotFoundError, TailorError
from app.models import (
    Address,
    Consent,
    Contact,
    Customer,
    Identifier,
    Interaction,
    Merge,
    Need,
    Order,
    Quote,
    SavedConfiguration,
)
from app.models.base import utcnow
from app.services.customers.records import candidate_pair

MOVED: dict[str, tuple[type[SQLModel], str]] = {
    "identifier": (Identifier, "customer_id"),
    "address": (Address, "customer_id"),
    "orders": (Order, "customer_id"),
    "interaction": (Interaction, "customer_id"),
    "need": (Need, "customer_id"),
    "consent": (Consent, "customer_id"),
    "saved_configuration": (SavedConfiguration, "customer_id"),
    "quote": (Quote, "customer_id"),
    "contact_company": (Contact, "company_id"),
    "contact_person": (Contact, "person_id"),
}
FILLED = ("given_name", "family_name", "date_of_birth", "locale")


def merge_customers(*, session: Session, survivor_id: int, merged_id: int, by: str) -> Merge:
    """Fold `merged_id` into `survivor_id` (see the module docstring); refused if either is merged or erased."""
    survivor, merged = _live(session, survivor_id), _live(session, merged_id)
    if survivor_id == merged_id:
        raise TailorError("a customer cannot be merged into itself")
    if survivor.kind != merged.kind:
        raise TailorError(
            "customer {merged} is a {kind} and {survivor} a {other}: not one customer",
            merged=merged_id,
            kind=merged.kind,
            survivor=survivor_id,
            other=survivor.kind,
        )
    moved: dict[str, Any] = {"filled": {}}
    for field in FILLED:
        if getattr(survivor, field) is None and getattr(merged, field) is not None:
            value = getattr(merged, field)
            moved["filled"][field] = None
            setattr(survivor, field, value)
    for name, (model, column) in MOVED.items():
        ids = _ids(session, model, column, merged_id)
        if name.startswith("contact"):
            ids = _free_contacts(session, ids, column, survivor_id)
        moved[name] = ids
        _repoint(session, model, column, ids, survivor_id)
    merged.merged_into_id = survivor_id
    merged.updated_at = survivor.updated_at = utcnow()
    record = Merge(survivor_id=survivor_id, merged_id=merged_id, merged_by=by, moved=moved)
    session.add(record)
    _set_candidate(session, survivor_id, merged_id, "merged", by)
    session.commit()
    session.refresh(record)
    return record


def undo_merge(*, session: Session, merge_id: int, by: str) -> Merge:
    """Put back everything merge `merge_id` moved or filled; the pair returns to the review queue."""
    record = session.get(Merge, merge_id)
    if record is None:
        raise NotFoundError("no merge {merge}", merge=merge_id)
    if record.undone_at is not None:
        raise ConflictError("merge {merge} was already undone", merge=merge_id)
    later = session.exec(
        select(Merge).where(Merge.merged_id == record.survivor_id, col(Merge.undone_at).is_(None))
    ).first()
    if later is not None:
        raise ConflictError(
            "customer {number} was merged again (merge {merge}): undo that one first",
            number=record.survivor_id,
            merge=later.id,
        )
    survivor = session.get(Customer, record.survivor_id)
    merged = session.get(Customer, record.merged_id)
    assert survivor is not None
    assert merged is not None
    for name, (model, column) in MOVED.items():
        _repoint(session, model, column, list(record.moved.get(name, [])), record.merged_id)
    for field, old in record.moved.get("filled", {}).items():
        setattr(survivor, field, old)
    merged.merged_into_id = None
    merged.updated_at = survivor.updated_at = utcnow()
    record.undone_at = utcnow()
    _set_candidate(session, record.survivor_id, record.merged_id, "pending", by)
    session.commit()
    session.refresh(record)
    return record


def _live(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFoundError("no customer {number}", number=customer_id)
    if customer.merged_into_id is not None:
        raise ConflictError(
            "customer {customer} was already merged into {merged_into}",
            customer=customer_id,
            merged_into=customer.merged_into_id,
        )
    if customer.erased_at is not None:
        raise ConflictError("customer {customer} was erased", customer=customer_id)
    return customer


def _ids(session: Session, model: type[SQLModel], column: str, owner: int) -> list[int]:
    table = model.__table__  # type: ignore[attr-defined]
    query = select(table.c.id).where(table.c[column] == owner).order_by(table.c.id)
    return [int(row) for row in session.exec(query).all()]


def _free_contacts(session: Session, ids: list[int], column: str, survivor_id: int) -> list[int]:
    """Contact links that can move: the survivor must not already have the same link."""
    other = "person_id" if column == "company_id" else "company_id"
    taken = {getattr(c, other) for c in session.exec(select(Contact).where(getattr(Contact, column) == survivor_id))}
    rows = session.exec(select(Contact).where(col(Contact.id).in_(ids))).all() if ids else []
    return sorted(int(c.id) for c in rows if c.id is not None and getattr(c, other) not in taken)


def _repoint(session: Session, model: type[SQLModel], column: str, ids: list[int], owner: int) -> None:
    if ids:
        table = model.__table__  # type: ignore[attr-defined]
        session.execute(update(table).where(table.c.id.in_(ids)).values({column: owner}))


def _set_candidate(session: Session, first: int, second: int, status: str, by: str) -> None:
    pair = candidate_pair(session, first, second)
    if pair is not None:
        pair.status, pair.reviewed_by, pair.reviewed_at = status, by, utcnow()
