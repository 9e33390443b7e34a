"""Saved configurations and drafts (on SQLite and PostgreSQL): one draft per customer and product, kept
up to date; a customer's saved list spans devices; drafts stay out of it."""

from __future__ import annotations

from sqlmodel import Session

from app.models import SavedConfiguration
from app.services.configurator.saved import draft_of, keep_draft, save_configuration, visitor_configurations
from tests.factories import customer, shipped

CATALOG = shipped()


def test_one_draft_per_customer_and_product_follows_the_choices(session: Session) -> None:
    ana = customer(session)

    def keep(choices: dict[str, object]) -> SavedConfiguration | None:
        return keep_draft(session=session, catalog=CATALOG, product_id="jeans", choices=choices, customer_id=ana)

    assert keep({}) is None
    first, same, later = keep({"fit": "classic"}), keep({"fit": "classic"}), keep({"fit": "relaxed"})
    assert first is not None
    assert same is not None
    assert later is not None
    assert first.id == same.id == later.id
    found = draft_of(session=session, customer_id=ana, product_id="jeans")
    assert found is not None
    assert found.choices == {"fit": "relaxed"}
    assert draft_of(session=session, customer_id=ana, product_id="bike") is None
    other = customer(session, "bo@example.com", "Bo")
    assert draft_of(session=session, customer_id=other, product_id="jeans") is None


def test_a_customer_s_saved_list_spans_devices_without_drafts(session: Session) -> None:
    ana = customer(session)
    save_configuration(session=session, catalog=CATALOG, product_id="jeans", choices={"waist": 30}, visitor="laptop",
                       customer_id=ana, name="laptop")  # fmt: skip
    save_configuration(session=session, catalog=CATALOG, product_id="jeans", choices={"waist": 31}, visitor="phone",
                       name="phone, before signing in")  # fmt: skip
    save_configuration(session=session, catalog=CATALOG, product_id="jeans", choices={"waist": 32}, visitor="other",
                       name="someone else")  # fmt: skip
    keep_draft(session=session, catalog=CATALOG, product_id="jeans", choices={"waist": 33}, customer_id=ana)
    names = {s.name for s in visitor_configurations(session=session, visitor="phone", customer_id=ana)}
    assert names == {"laptop", "phone, before signing in"}
    assert {s.name for s in visitor_configurations(session=session, visitor="other")} == {"someone else"}
    assert visitor_configurations(session=session, visitor=None) == []
