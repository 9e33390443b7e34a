"""The duplicate review queue as a reviewer reads it: each pending pair with both records side by side
and which fields agree, and the recent merges (with whether each can still be undone).

Deciding is done by `merges.merge_customers`, `merges.undo_merge` and `duplicates.reject_pair`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.identity.normalize import normalize_name
from app.models import Address, Customer, DuplicateCandidate, Identifier, Merge

FIELDS = ("name", "date_of_birth", "email", "phone", "street", "city", "postcode")
"""What the side-by-side compares, in order."""
LISTED = 50


@dataclass(frozen=True)
class Side:
    """One record of a pair: the customer and the compared fields as text ("" when unknown)."""

    customer: Customer
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Pair:
    """A pending candidate, its two records and, per field, "agree", "differ" or "" (one side unknown)."""

    candidate: DuplicateCandidate
    left: Side
    right: Side
    verdicts: dict[str, str]


@dataclass(frozen=True)
class MergeRow:
    """A merge with both customers' names, and whether it can be undone now."""

    merge: Merge
    survivor: str
    merged: str


def review_queue(*, session: Session, limit: int = LISTED) -> list[Pair]:
    """Pending pairs, most probable first, with both records side by side."""
    pending = session.exec(
        select(DuplicateCandidate)
        .where(DuplicateCandidate.status == "pending")
        .order_by(col(DuplicateCandidate.probability).desc(), col(DuplicateCandidate.id))
        .limit(limit)
    ).all()
    pairs = []
    for candidate in pending:
        left, right = _side(session, candidate.left_id), _side(session, candidate.right_id)
        if left is None or right is None:
            continue
        pairs.append(Pair(candidate, left, right, {name: _verdict(left, right, name) for name in FIELDS}))
    return pairs


def pending_pair(*, session: Session, candidate_id: int) -> DuplicateCandidate | None:
    """The candidate `candidate_id` (None if there is none)."""
    return session.get(DuplicateCandidate, candidate_id)


def recent_merges(*, session: Session, limit: int = LISTED) -> list[MergeRow]:
    """Merges newest first, with the names of both customers."""
    rows = session.exec(select(Merge).order_by(col(Merge.merged_at).desc(), col(Merge.id).desc()).limit(limit)).all()
    ids = {row.survivor_id for row in rows} | {row.merged_id for row in rows}
    names = dict(session.exec(select(Customer.id, Customer.name).where(col(Customer.id).in_(ids))).all()) if ids else {}
    return [MergeRow(row, str(names.get(row.survivor_id, "")), str(names.get(row.merged_id, ""))) for row in rows]


def _side(session: Session, customer_id: int) -> Side | None:
    customer = session.get(Customer, customer_id)
    if customer is None or customer.merged_into_id is not None or customer.erased_at is not None:
        return None
    values = {
        "name": customer.name,
        "date_of_birth": customer.date_of_birth.isoformat() if customer.date_of_birth else "",
    }
    for kind in ("email", "phone"):
        found = session.exec(
            select(Identifier.value).where(Identifier.customer_id == customer_id, Identifier.kind == kind)
            .order_by(col(Identifier.id))
        ).first()  # fmt: skip
        values[kind] = found or ""
    home = session.exec(select(Address).where(Address.customer_id == customer_id).order_by(col(Address.id))).first()
    values.update(street=home.street if home else "", city=home.city if home else "",
                  postcode=(home.postcode or "") if home else "")  # fmt: skip
    return Side(customer, values)


def _verdict(left: Side, right: Side, name: str) -> str:
    first, second = normalize_name(left.fields[name]), normalize_name(right.fields[name])
    if not first or not second:
        return ""
    return "agree" if first == second else "differ"
