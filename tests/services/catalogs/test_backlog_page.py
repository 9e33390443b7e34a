"""The backlog as the workspace shows it (SQLite and PostgreSQL): items placed in the version in force,
filters bounded, what relaxing one adds, and a draft started from one item."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session

from app.errors import ConflictError, NotFoundError, TailorError
from app.services.catalogs.backlog_page import BacklogFilter, backlog_rows, draft_from_backlog, relax_answer
from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import latest_version, publish
from tests.factories import customer
from tests.services.catalogs.test_backlog import consenting, met_conflict


def test_items_are_placed_in_the_version_in_force_with_the_address_of_their_rule(session: Session) -> None:
    seed_catalogs(session=session)
    ana = consenting(session, "ana@example.com", value=4200, tier="grow")
    met_conflict(session, ana, "hem_needs_inseam, lining_up_to_44")
    document = latest_version(session=session, catalog_id="jeans").document
    newer = publish(session=session, catalog_id="jeans", document=document)
    rows = backlog_rows(session=session, wanted=BacklogFilter())
    assert [(r.item.key, r.catalog_id) for r in rows] == [
        ("rule:jeans/hem_needs_inseam", "jeans"),
        ("rule:jeans/lining_up_to_44", "jeans"),
    ]
    assert rows[0].link == f"/workspace/versions/{newer.id}/products/jeans/rules/hem_needs_inseam"
    assert rows[0].item.value_minor == 4200
    assert backlog_rows(session=session, wanted=BacklogFilter(catalog="bikes")) == []
    assert backlog_rows(session=session, wanted=BacklogFilter(tier="retain")) == []


def test_the_filter_is_bounded() -> None:
    for wrong in ({"days": 7}, {"days": 100000}, {"tier": "gold"}, {"segment": "robots"}):
        with pytest.raises(TailorError):
            BacklogFilter(**wrong)
    assert BacklogFilter(days=1095, tier="none", segment="company").days == 1095


def test_relaxing_a_bound_counts_the_new_configurations_and_refuses_what_is_not_a_customers_size(
    session: Session,
) -> None:
    seed_catalogs(session=session)
    one = relax_answer(session=session, catalog_id="jeans", key="bound:jeans/waist", numbers=(Decimal(48),))
    two = relax_answer(session=session, catalog_id="jeans", key="bound:jeans/waist", numbers=(Decimal(49),))
    assert one.added.exact
    assert one.added.count > 0
    assert two.added.count == 2 * one.added.count  # 48 and 49: two more waists, sizes independent of the rest
    assert one.context == {"channel": "web"}
    with pytest.raises(TailorError, match="too far"):
        relax_answer(session=session, catalog_id="jeans", key="bound:jeans/waist", numbers=(Decimal(5000),))
    with pytest.raises(TailorError, match="which numbers"):
        relax_answer(session=session, catalog_id="jeans", key="bound:jeans/waist", numbers=())
    with pytest.raises(NotFoundError):
        relax_answer(session=session, catalog_id="jeans", key="bound:jeans/fit", numbers=(Decimal(1),))
    with pytest.raises(ConflictError):
        relax_answer(session=session, catalog_id="jeans", key="abandoned:jeans", numbers=())


def test_a_draft_from_an_item_drops_the_rule_and_names_the_item(session: Session) -> None:
    seed_catalogs(session=session)
    ana = consenting(session, "ana@example.com", value=4200)
    met_conflict(session, ana, "lining_up_to_44")
    bea = customer(session, email="bea@example.com", name="Bea")  # no consent: not in the backlog
    met_conflict(session, bea, "hem_needs_inseam")
    wanted = BacklogFilter(catalog="jeans")
    draft = draft_from_backlog(session=session, wanted=wanted, key="rule:jeans/lining_up_to_44", author_id=None)
    assert draft.status == "draft"
    assert "lining_up_to_44" not in [r["id"] for r in draft.document["products"][0]["rules"]]
    assert "rule 'lining_up_to_44' removed from product 'jeans' (1 customers, value 42.00 EUR met it)" in draft.notes
    with pytest.raises(ConflictError, match="no longer in the backlog"):
        draft_from_backlog(session=session, wanted=wanted, key="rule:jeans/hem_needs_inseam", author_id=None)
    with pytest.raises(NotFoundError):
        draft_from_backlog(session=session, wanted=wanted, key="rule:jeans/nothing", author_id=None)
    with pytest.raises(TailorError, match="which catalog"):
        draft_from_backlog(session=session, wanted=BacklogFilter(), key="rule:jeans/lining_up_to_44", author_id=None)
