"""The duplicate review queue: pending pairs side by side with agreeing fields, and the merges list."""

from __future__ import annotations

from sqlmodel import Session

from app.services.customers.merges import merge_customers
from app.services.customers.records import Key, add_address, identify
from app.services.customers.review import recent_merges, review_queue
from tests.factories import customer


def pair(session: Session) -> tuple[int, int]:
    """Two records of one Ana (a web sign-up and a shop card), queued as a candidate pair."""
    web = customer(session, "ana@example.com", "Ana Ruiz")
    shop = customer(session, "ana.r@example.com", "Ana  Ruíz")
    add_address(session=session, customer_id=web, street="Calle Mayor 1", city="Madrid", postcode="28013")
    add_address(session=session, customer_id=shop, street="Calle Mayor 1", city="Getafe", postcode="28013")
    identify(session=session, keys=[Key("email", "ana@example.com"), Key("email", "ana.r@example.com")], source="shop")
    return web, shop


def test_a_pending_pair_is_shown_side_by_side(session: Session) -> None:
    web, shop = pair(session)
    [found] = review_queue(session=session)
    assert (found.left.customer.id, found.right.customer.id) == (web, shop)
    assert found.verdicts["name"] == "agree"  # accents and spaces do not make a difference
    assert found.verdicts["street"] == "agree"
    assert found.verdicts["city"] == "differ"
    assert found.verdicts["email"] == "differ"
    assert found.verdicts["date_of_birth"] == ""


def test_a_merged_pair_leaves_the_queue_and_joins_the_merges(session: Session) -> None:
    web, shop = pair(session)
    merge_customers(session=session, survivor_id=web, merged_id=shop, by="rui")
    assert review_queue(session=session) == []
    [row] = recent_merges(session=session)
    assert (row.survivor, row.merged, row.merge.undone_at) == ("Ana Ruiz", "Ana  Ruíz", None)
