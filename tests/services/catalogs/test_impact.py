"""The impact of a draft on customers: an invalidated saved configuration with its nearest repair, a price
change, tier and value at stake, and pages bounded (both databases)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from app.models import Customer, Interaction, Need, Order, OrderLine, Quote, QuoteLine, SavedConfiguration, TierRecord
from app.services.catalogs.impact import draft_impact
from app.services.catalogs.versions import edit_draft, version_by_id
from tests.services.catalogs.publishing_data import jeans_draft

KNEES = {"fit": "relaxed", "addons": ["reinforced_knees"]}


def customer(session: Session, name: str, choices: dict[str, Any], tier: str = "grow") -> int:
    person = Customer(name=name, tier=tier, locale="en")
    session.add(person)
    session.flush()
    session.add(SavedConfiguration(share_code=f"s-{name}", resume_hash=f"r-{name}", customer_id=person.id,
                                   catalog_id="jeans", catalog_version="1", product_id="jeans", name=name,
                                   choices=choices))  # fmt: skip
    session.add(TierRecord(customer_id=person.id or 0, tier=tier, current_value_minor=120000,
                           strategic_value_minor=30000, cost_to_serve_minor=0))  # fmt: skip
    session.commit()
    return person.id or 0


def knees_only_on_classic(session: Session, version_id: int) -> None:
    """The draft's knees rule no longer allows a relaxed fit."""
    document = version_by_id(session=session, version_id=version_id).document
    for product in document["products"]:
        for rule in product.get("rules", []):
            if rule["id"] == "knees_need_roomy_fit":
                rule["then"]["in"] = ["classic", "straight"]
    edit_draft(session=session, version_id=version_id, document=document)


def test_an_invalidated_saved_configuration_comes_with_its_repair_and_the_customers_value(session: Session) -> None:
    draft = jeans_draft(session, base_price=8900)
    knees_only_on_classic(session, draft)
    ana = customer(session, "ana", KNEES, tier="retain")
    impact = draft_impact(session=session, version_id=draft)
    assert impact.against == 1
    found = next(c for c in impact.customers if c.customer_id == ana)
    assert (found.tier, found.value_minor) == ("retain", 150000)
    line = found.lines[0]
    assert line.invalidated
    assert "knees" in line.after.broken.lower()
    assert line.after.repair


def test_a_configuration_with_an_open_quote_request_is_a_quote_and_an_unshipped_order_counts(
    session: Session,
) -> None:
    draft = jeans_draft(session, base_price=8900)
    knees_only_on_classic(session, draft)
    eve = customer(session, "eve", KNEES)
    session.add(Interaction(customer_id=eve, channel="web", kind="quote_request", links={"configuration": "s-eve"}))
    order = Order(customer_id=eve)
    session.add(order)
    session.flush()
    session.add(OrderLine(order_id=order.id or 0, catalog_id="jeans", catalog_version="1", product_id="jeans",
                          choices=KNEES))  # fmt: skip
    session.commit()
    lines = next(c for c in draft_impact(session=session, version_id=draft).customers if c.customer_id == eve).lines
    assert [(line.kind, line.invalidated) for line in lines] == [("quote", True), ("order", True)]


def test_a_valid_configuration_whose_price_moves_says_by_how_much(session: Session) -> None:
    draft = jeans_draft(session, base_price=12345)
    bob = customer(session, "bob", {"fit": "classic"})
    impact = draft_impact(session=session, version_id=draft)
    line = next(c for c in impact.customers if c.customer_id == bob).lines[0]
    assert not line.invalidated
    assert line.price_change
    assert line.after.price is not None


def test_a_need_no_configuration_could_meet_before_is_met_now(session: Session) -> None:
    draft = jeans_draft(session, base_price=8900)
    document = version_by_id(session=session, version_id=draft).document
    for product in document["products"]:
        for module in product.get("modules", []):
            for attribute in module.get("attributes", []):
                if attribute["id"] == "wash":
                    attribute["options"].append({"id": "moon_wash", "label": {"en": "Moon", "es": "Luna", "pt": "Lua"}})
    edit_draft(session=session, version_id=draft, document=document)
    dan = customer(session, "dan", {"fit": "classic"})
    session.add(Need(customer_id=dan, kind="preference", key="wash", value="moon_wash", channel="web"))
    session.commit()
    needs = draft_impact(session=session, version_id=draft).needs
    assert [(n.customer_id, n.value, n.met) for n in needs] == [(dan, "moon_wash", True)]


def test_an_unchanged_configuration_is_not_listed_and_pages_are_bounded(session: Session) -> None:
    draft = jeans_draft(session, base_price=8900)
    document = version_by_id(session=session, version_id=draft).document
    edit_draft(session=session, version_id=draft, document={**document, "version": "same-prices"})
    customer(session, "cy", {"fit": "classic"})
    impact = draft_impact(session=session, version_id=draft, page=1)
    assert impact.customers == []
    assert impact.pages == 1
    assert impact.left_out == 0


def test_an_open_quotes_line_is_listed_with_its_quote_and_a_final_quote_is_not(session: Session) -> None:
    draft = jeans_draft(session, base_price=8900)
    knees_only_on_classic(session, draft)
    person = Customer(name="Flo", tier="grow", locale="en")
    session.add(person)
    session.flush()
    for status in ("sent", "accepted"):
        quote = Quote(customer_id=person.id or 0, status=status, valid_until=date(2030, 1, 1))
        session.add(quote)
        session.flush()
        quote.root_id = quote.id
        session.add(QuoteLine(quote_id=quote.id or 0, key=f"k-{status}", catalog_id="jeans", catalog_version="1",
                              catalog_hash="x", product_id="jeans", choices=KNEES))  # fmt: skip
    session.commit()
    lines = next(c for c in draft_impact(session=session, version_id=draft).customers if c.customer_id == person.id)
    assert [(line.kind, line.invalidated) for line in lines.lines] == [("quote", True)]
