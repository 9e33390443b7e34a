"""Next-best offers read from the database: consent on both sides, the catalog in force, merges (both DBs)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from app.models import Customer, OrderLine
from app.recommendations.next_best import NO_CONSENT, NO_TIER, TOO_FEW, Item
from app.services.catalogs.shelf import seed_catalogs
from app.services.customers.needs import Source, record_need
from app.services.customers.next_best import next_best_offers
from app.services.customers.orders import Line, place_order, return_line
from tests.factories import customer, personalisation


def _someone(session: Session, name: str, tier: str | None = "retain", *, allows: bool = True,
             use: str | None = "commuting", bought: tuple[dict[str, Any], ...] = ()) -> int:  # fmt: skip
    found = customer(session, f"{name.lower()}@example.com", name)
    row = session.get(Customer, found)
    assert row is not None
    row.tier = tier
    session.commit()
    personalisation(session, found, allows)
    if use:
        record_need(session=session, customer_id=found, kind="use", key="use", value=use, source=Source("web"))
    for choices in bought:
        product = str(choices.pop("_product", "jeans"))
        catalog = "bikes" if product == "bike" else "jeans"
        place_order(
            session=session, customer_id=found, lines=[Line(catalog, "1", product, 9000, 3000, choices=choices)]
        )
    return found


def _items(session: Session, customer_id: int) -> list[Item]:
    return [offer.item for offer, _ in next_best_offers(session=session, customer_id=customer_id).offers]


def test_what_peers_of_the_same_tier_and_need_bought_is_offered_with_its_product(session: Session) -> None:
    seed_catalogs(session=session)
    ana = _someone(session, "Ana", bought=({"closure": "zippered"},))
    for name in ("Bea", "Carla", "Dora"):
        _someone(session, name, bought=({"closure": "buttoned", "waist": 32}, {"_product": "bike"}))
    _someone(session, "Eva", tier="grow", bought=({"opening": "wide"}, {"opening": "wide"}))
    found = next_best_offers(session=session, customer_id=ana)
    assert [offer.item for offer, _ in found.offers] == [
        Item("bikes", "bike"),
        Item("jeans", "jeans", "closure", "buttoned"),
    ]
    offer, product = found.offers[0]
    assert (offer.buyers, offer.peers, offer.need, product.id) == (3, 3, ("use", "commuting"), "bike")


def test_without_the_customers_consent_or_a_tier_nothing_is_offered(session: Session) -> None:
    seed_catalogs(session=session)
    for name in ("Bea", "Carla"):
        _someone(session, name, bought=({"_product": "bike"},))
    refuses = _someone(session, "Ana", allows=False)
    assert next_best_offers(session=session, customer_id=refuses).reason == NO_CONSENT
    untiered = _someone(session, "Nina", tier=None)
    assert next_best_offers(session=session, customer_id=untiered).reason == NO_TIER
    asked = _someone(session, "Olga")
    personalisation(session, asked, False)
    assert next_best_offers(session=session, customer_id=asked).reason == NO_CONSENT, "the newest answer decides"


def test_peers_who_withdrew_returned_were_merged_or_erased_do_not_count(session: Session) -> None:
    seed_catalogs(session=session)
    ana = _someone(session, "Ana")
    bea = _someone(session, "Bea", bought=({"_product": "bike"},))
    carla = _someone(session, "Carla", bought=({"_product": "bike"},))
    assert _items(session, ana) == [Item("bikes", "bike")]
    personalisation(session, carla, False)
    found = next_best_offers(session=session, customer_id=ana)
    assert (found.offers, found.reason) == ([], TOO_FEW)
    personalisation(session, carla, True)
    dora = _someone(session, "Dora", bought=({"_product": "bike"},))
    assert _items(session, ana) == [Item("bikes", "bike")]
    for gone in (dora, bea):
        row = session.get(Customer, gone)
        assert row is not None
        row.erased_at = row.created_at
        session.commit()
    assert _items(session, ana) == []


def test_a_returned_line_is_not_bought_and_gone_products_or_options_are_not_offered(session: Session) -> None:
    seed_catalogs(session=session)
    ana = _someone(session, "Ana", use=None)
    for name in ("Bea", "Carla"):
        _someone(session, name, use=None, bought=({"_product": "gone"}, {"closure": "velcro"}))
    assert _items(session, ana) == [Item("jeans", "jeans")], "no need: the whole tier; unknown things are dropped"
    kept = place_order(session=session, customer_id=ana, lines=[Line("jeans", "1", "jeans", 9000, 3000)])
    line = session.exec(select(OrderLine).where(OrderLine.order_id == kept.id)).one()
    assert _items(session, ana) == []
    return_line(session=session, line_id=int(line.id or 0), quantity=1)
    assert _items(session, ana) == [Item("jeans", "jeans")]
