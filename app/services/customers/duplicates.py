"""Duplicate detection over the knowledge base: customers as records, the linkage model, the review queue.

Every live person (not merged, not erased) becomes one record: names, date of birth, first
address, first e-mail and phone. `app.identity.linkage` scores the pairs; each pair above the
threshold that the queue does not hold yet (in any status: a rejected pair is not asked again)
joins it as pending, with its probability. Reviewers then merge (`merges`) or reject.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, select
from sqlmodel import Session, col

from app.errors import ConflictError, NotFoundError, TailorError
from app.identity.linkage import Backend, find_duplicates
from app.models import Address, Customer, DuplicateCandidate, Identifier
from app.models.base import utcnow

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Found:
    """How many records were compared, pairs scored above the threshold, and pairs new to the queue."""

    records: int
    pairs: int
    queued: int


def customer_records(*, session: Session) -> pd.DataFrame:
    """One row per live person, in the columns the linkage model compares."""
    people = session.execute(
        select(col(Customer.id), col(Customer.given_name), col(Customer.family_name), col(Customer.name),
               col(Customer.date_of_birth))
        .where(col(Customer.kind) == "person", col(Customer.merged_into_id).is_(None),
               col(Customer.erased_at).is_(None))
        .order_by(col(Customer.id))
    ).all()  # fmt: skip
    first: dict[tuple[int, str], str] = {}
    for owner, kind, value in session.execute(
        select(col(Identifier.customer_id), col(Identifier.kind), col(Identifier.value))
        .where(col(Identifier.kind).in_(("email", "phone")))
        .order_by(col(Identifier.id))
    ).all():
        first.setdefault((owner, kind), value)
    homes: dict[int, tuple[str, str, str | None]] = {}
    for owner, street, city, postcode in session.execute(
        select(col(Address.customer_id), col(Address.street), col(Address.city), col(Address.postcode)).order_by(
            col(Address.id)
        )
    ).all():
        homes.setdefault(owner, (street, city, postcode))
    rows = []
    for customer_id, given, family, name, born in people:
        if given is None and family is None:
            given, _, family = name.partition(" ")
        street, city, postcode = homes.get(customer_id, (None, None, None))
        rows.append({
            "unique_id": str(customer_id), "given_name": given, "surname": family,
            "date_of_birth": born.isoformat() if born else None, "street": street, "city": city,
            "postcode": postcode, "email": first.get((customer_id, "email")),
            "phone": first.get((customer_id, "phone")),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["unique_id", "given_name", "surname", "date_of_birth", "street", "city",
                                       "postcode", "email", "phone"])  # fmt: skip


def detect_duplicates(
    *, session: Session, threshold: float = 0.9, progress: Progress | None = None, backend: Backend = "duckdb"
) -> Found:
    """Score every pair of live people on `backend` and queue the new ones above `threshold` (one commit).

    The postgres backend works in the session's database, which must be PostgreSQL.
    """
    if not 0 < threshold < 1:
        raise TailorError("threshold {threshold} must be between 0 and 1", threshold=threshold)
    if backend not in ("duckdb", "postgres"):
        raise TailorError("no duplicate detection backend '{backend}': duckdb or postgres", backend=backend)
    engine = postgres_engine(session=session) if backend == "postgres" else None
    say = progress or (lambda step: None)
    say("reading customers")
    records = customer_records(session=session)
    say(f"scoring pairs of {len(records):,} customers")
    pairs = find_duplicates(records, threshold=threshold, backend=backend, engine=engine) if len(records) > 1 else []
    known = {
        (left, right)
        for left, right in session.execute(select(col(DuplicateCandidate.left_id), col(DuplicateCandidate.right_id)))
    }
    queued = 0
    for pair in pairs:
        left, right = sorted((int(pair.left_id), int(pair.right_id)))
        if (left, right) in known:
            continue
        known.add((left, right))
        session.add(DuplicateCandidate(left_id=left, right_id=right, probability=pair.probability, found_at=utcnow()))
        queued += 1
    session.commit()
    return Found(len(records), len(pairs), queued)


def postgres_engine(*, session: Session) -> Engine:
    """The engine of the session's database, refused unless it is PostgreSQL."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    if engine.dialect.name != "postgresql":
        raise TailorError(
            "duplicate detection on the postgres backend needs PostgreSQL, not {database}", database=engine.dialect.name
        )
    return engine


def reject_pair(*, session: Session, candidate_id: int, by: str) -> DuplicateCandidate:
    """Mark a candidate pair as two different customers (it is not queued again)."""
    pair = session.get(DuplicateCandidate, candidate_id)
    if pair is None:
        raise NotFoundError("no duplicate candidate {candidate}", candidate=candidate_id)
    if pair.status != "pending":
        raise ConflictError("candidate {candidate} is already {status}", candidate=candidate_id, status=pair.status)
    pair.status, pair.reviewed_by, pair.reviewed_at = "rejected", by, utcnow()
    session.commit()
    return pair
