"""Duplicate detection over the knowledge base: planted duplicates are queued, reviewed, merged or rejected."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from app.demo.population import generate, load_demo
from app.errors import TailorError
from app.identity.linkage import find_duplicates
from app.models import Customer, DuplicateCandidate
from app.services.catalogs.shelf import load_shelf
from app.services.customers.duplicates import customer_records, detect_duplicates, reject_pair
from app.services.customers.merges import merge_customers
from tests.conftest import CATALOG_DIR

CATALOGS = list(load_shelf(CATALOG_DIR).catalogs)


def planted(people: int, seed: int) -> set[tuple[int, int]]:
    """The (original, twin) pairs the demo plants: a twin repeats an original's birth date and family name."""
    rows = generate(CATALOGS, people=people, seed=seed).tables[Customer]
    persons = [r for r in rows if r["kind"] == "person"]
    originals = {(r["family_name"], r["date_of_birth"]): r["id"] for r in persons[:people]}
    return {(originals[(r["family_name"], r["date_of_birth"])], r["id"]) for r in persons[people:]}


def test_planted_duplicates_are_found_and_queued_once(session: Session) -> None:
    load_demo(session=session, catalogs=CATALOGS, people=600, seed=11)
    expected = planted(600, 11)
    assert len(customer_records(session=session)) == 600 + len(expected)
    found = detect_duplicates(session=session)
    queue = {(p.left_id, p.right_id) for p in session.exec(select(DuplicateCandidate)).all()}
    assert found.queued == len(queue)
    caught = expected & queue
    assert len(caught) >= 0.9 * len(expected)
    assert len(queue - expected) <= 0.1 * len(expected) + 1
    assert detect_duplicates(session=session).queued == 0
    first = session.exec(select(DuplicateCandidate).order_by(col(DuplicateCandidate.id))).first()
    assert first is not None
    assert first.id is not None
    merge_customers(session=session, survivor_id=first.left_id, merged_id=first.right_id, by="rep")
    second = session.exec(select(DuplicateCandidate).where(DuplicateCandidate.status == "pending")).first()
    assert second is not None
    assert second.id is not None
    assert reject_pair(session=session, candidate_id=second.id, by="rep").status == "rejected"
    with pytest.raises(TailorError, match="already rejected"):
        reject_pair(session=session, candidate_id=second.id, by="rep")
    assert detect_duplicates(session=session).queued == 0


def test_postgres_backend_queues_the_duckdb_pairs(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the postgres backend runs on PostgreSQL only (refused on SQLite: the next test)")
    load_demo(session=session, catalogs=CATALOGS, people=150, seed=11)
    found = detect_duplicates(session=session, backend="postgres")
    queue = {(p.left_id, p.right_id) for p in session.exec(select(DuplicateCandidate)).all()}
    duckdb_pairs = find_duplicates(customer_records(session=session))
    assert queue == {tuple(sorted((int(p.left_id), int(p.right_id)))) for p in duckdb_pairs}
    assert found.pairs == found.queued == len(queue) > 0


def test_postgres_backend_is_refused_on_sqlite(session: Session) -> None:
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("this database is PostgreSQL, where the postgres backend runs (the previous test)")
    with pytest.raises(TailorError, match="needs PostgreSQL, not sqlite"):
        detect_duplicates(session=session, backend="postgres")
