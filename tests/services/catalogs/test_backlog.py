"""The unmet-needs backlog (on SQLite and PostgreSQL): what consenting customers met, each counted once
per item, weighed by value, by tier and segment, located in the catalog, and what relaxing it adds."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import yaml
from sqlmodel import Session, col, select

from app.catalog.configuration import Context
from app.models import Customer, Interaction, TierRecord
from app.models.base import utcnow
from app.services.catalogs.backlog import BacklogItem, relaxing, unmet_backlog
from app.services.configurator.checkout import OrderForm
from app.services.configurator.flow import record_click
from app.services.configurator.progress import note
from app.services.idempotency import new_key
from app.services.quotes.requests import request_quote
from tests.analysis.catalogs import ON
from tests.conftest import CATALOG_DIR
from tests.factories import complete_jeans, customer, personalisation, shipped

CATALOG = shipped()
WEB = Context(values={"channel": "web"})


def jeans_document() -> dict[str, Any]:
    """The shipped jeans catalog as the document it is written as."""
    document: dict[str, Any] = yaml.safe_load((CATALOG_DIR / "jeans.yaml").read_text())
    return document


def consenting(session: Session, email: str, *, value: int = 0, tier: str = "grow", kind: str = "person") -> int:
    """A customer who allows personalisation, with a tier record of strategic value `value`."""
    who = customer(session, email=email, name=email.split("@")[0], kind=kind)
    personalisation(session, who)
    session.add(TierRecord(customer_id=who, tier=tier, current_value_minor=value, strategic_value_minor=value,
                           cost_to_serve_minor=0))  # fmt: skip
    session.commit()
    return who


def met_conflict(session: Session, customer_id: int, rules: str, days_ago: int = 0) -> None:
    """A conflict the customer met on the jeans, `days_ago` days ago."""
    found = session.get(Customer, customer_id)
    assert found is not None
    note(session=session, customer=found, product_id="jeans", event="conflict", detail=rules,
         values={"product": "Jeans", "rules": rules})  # fmt: skip
    if days_ago:
        row = session.exec(select(Interaction).order_by(col(Interaction.id).desc())).first()
        assert row is not None
        row.occurred_at = utcnow() - timedelta(days=days_ago)
        session.add(row)
        session.commit()


def item(items: list[BacklogItem], key: str) -> BacklogItem:
    return next(i for i in items if i.key == key)


def test_a_customer_meeting_a_conflict_on_two_days_counts_once(session: Session) -> None:
    ana = consenting(session, "ana@example.com", value=5000)
    met_conflict(session, ana, "hem_needs_inseam", days_ago=3)
    met_conflict(session, ana, "hem_needs_inseam, lining_up_to_44")
    rows = session.exec(select(Interaction).where(Interaction.kind == "configurator")).all()
    assert len(rows) == 2
    items = unmet_backlog(session=session)
    hem = item(items, "rule:jeans/hem_needs_inseam")
    assert (hem.customers, hem.value_minor) == (1, 5000)
    assert item(items, "rule:jeans/lining_up_to_44").customers == 1


def test_a_customer_without_consent_is_not_counted(session: Session) -> None:
    ana = consenting(session, "ana@example.com", value=5000)
    bea = customer(session, email="bea@example.com", name="Bea")
    withdrawn = consenting(session, "cy@example.com", value=9000)
    personalisation(session, withdrawn, granted=False)
    for who in (ana, bea, withdrawn):
        met_conflict(session, who, "hem_needs_inseam")
    hem = item(unmet_backlog(session=session), "rule:jeans/hem_needs_inseam")
    assert (hem.customers, hem.value_minor) == (1, 5000)


def test_items_are_weighed_by_value_by_tier_and_segment(session: Session) -> None:
    ana = consenting(session, "ana@example.com", value=1000, tier="retain")
    shop = consenting(session, "buyer@shop.example", value=20000, tier="grow", kind="company")
    bea = consenting(session, "bea@example.com", value=3000, tier="grow")
    met_conflict(session, ana, "hem_needs_inseam")
    met_conflict(session, bea, "hem_needs_inseam")
    met_conflict(session, shop, "lining_up_to_44")
    items = unmet_backlog(session=session)
    assert [i.key for i in items] == ["rule:jeans/lining_up_to_44", "rule:jeans/hem_needs_inseam"]
    hem = items[1]
    assert (hem.customers, hem.value_minor) == (2, 4000)
    assert {t: (s.customers, s.value_minor) for t, s in hem.by_tier.items()} == {"grow": (1, 3000), "retain": (1, 1000)}
    assert {s: (v.customers, v.value_minor) for s, v in hem.by_segment.items()} == {"person": (2, 4000)}
    assert items[0].by_segment["company"].value_minor == 20000


def test_a_waist_out_of_range_is_a_bound_to_widen(session: Session) -> None:
    ana = consenting(session, "ana@example.com", value=7000)
    found = session.get(Customer, ana)
    assert found is not None
    for _ in range(2):
        record_click(session=session, catalog=CATALOG, product_id="jeans", items=[("waist", "48")], customer=found,
                     context=WEB, fresh=False)  # fmt: skip
    clashes = [r for r in session.exec(select(Interaction)).all() if r.links.get("event") == "clash"]
    assert [r.links["detail"] for r in clashes] == ["waist=48"]
    document = jeans_document()
    items = unmet_backlog(session=session, document=document)
    waist = item(items, "bound:jeans/waist")
    assert (waist.customers, waist.value_minor, waist.numbers) == (1, 7000, (Decimal(48),))
    assert waist.location is not None
    assert waist.location.attribute == "waist"
    impact = relaxing(item=waist, document=document, context={"channel": "web"}, on=ON)
    assert impact is not None
    assert impact.added.exact
    assert impact.added.count > 0
    assert (impact.customers, impact.value_minor) == (1, 7000)


def test_abandoned_starts_and_quote_requests_are_items_without_a_change(session: Session) -> None:
    ana = consenting(session, "ana@example.com", value=100)
    found = session.get(Customer, ana)
    assert found is not None
    note(session=session, customer=found, product_id="jeans", event="started", values={"product": "Jeans"})
    row = session.exec(select(Interaction)).one()
    row.occurred_at = utcnow() - timedelta(hours=5)
    session.add(row)
    session.commit()
    items = unmet_backlog(session=session, document=jeans_document())
    left = item(items, "abandoned:jeans")
    assert left.customers == 1
    assert left.location is not None
    assert left.location.field == "products[0]"
    assert left.relaxation is None
    assert relaxing(item=left, document=jeans_document(), context={}, on=ON) is None


def test_a_quote_request_counts_for_its_product(session: Session) -> None:
    ana = consenting(session, "ana@example.com", value=2500, tier="retain")
    found = session.get(Customer, ana)
    assert found is not None
    for _ in range(2):
        form = OrderForm(catalog=CATALOG, product=CATALOG.product("jeans"), choices=complete_jeans(), context=WEB,
                         customer=found, name="Ana", email="ana@example.com", idempotency_key=new_key())  # fmt: skip
        request_quote(session=session, form=form, message="In 50 in, please", visitor=None)
    asked = item(unmet_backlog(session=session), "quote:jeans")
    assert (asked.customers, asked.value_minor) == (1, 2500)
    assert asked.by_tier["retain"].customers == 1


def test_a_tier_or_segment_keeps_only_its_customers_and_their_numbers(session: Session) -> None:
    ana = consenting(session, "ana@example.com", value=1000, tier="retain")
    shop = consenting(session, "buyer@shop.example", value=20000, tier="grow", kind="company")
    for who, typed in ((ana, "48"), (shop, "50")):
        found = session.get(Customer, who)
        assert found is not None
        record_click(session=session, catalog=CATALOG, product_id="jeans", items=[("waist", typed)], customer=found,
                     context=WEB, fresh=False)  # fmt: skip
    everyone = item(unmet_backlog(session=session), "bound:jeans/waist")
    assert (everyone.customers, everyone.numbers) == (2, (Decimal(48), Decimal(50)))
    retained = item(unmet_backlog(session=session, tier="retain"), "bound:jeans/waist")
    assert (retained.customers, retained.value_minor, retained.numbers) == (1, 1000, (Decimal(48),))
    companies = item(unmet_backlog(session=session, segment="company"), "bound:jeans/waist")
    assert (companies.customers, companies.numbers) == (1, (Decimal(50),))
    assert unmet_backlog(session=session, tier="retain", segment="company") == []
