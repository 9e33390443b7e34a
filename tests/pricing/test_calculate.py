"""`price()` end to end: margin, payment plans on the total, the breakdown's invariants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from app.catalog import CatalogError, load_catalog_text
from app.catalog.attributes import Numeric
from app.catalog.configuration import Choice
from app.pricing import PriceBreakdown
from tests.factories import MAY, PRICE_RULES, price_of, shop_catalog, shop_data

SHOP = shop_catalog()
SHOP_WITH_RULES = shop_catalog(*PRICE_RULES)


def test_margin() -> None:
    choices: dict[str, Choice] = {
        "cut": "boot",
        "addons": ["embroidery"],
        "waist": Decimal(43),
        "gift_wrap": "yes",
        "care": "basic",
    }
    margin = price_of(SHOP, choices, quantity=2).margin
    # price 2 × (5000 + 500 + 1250 + 375 + 350) + 1000 service = 15950;
    # cost 2 × (2000 + 200 + 400 + 3 × 45 + 100) + 400 service = 6070.
    assert (margin.revenue, margin.goods_unit_cost, margin.goods_cost, margin.service_cost) == (15950, 2835, 5670, 400)
    assert (margin.cost, margin.amount, margin.percent) == (6070, 9880, Decimal("61.94"))


def test_margin_is_on_the_discounted_total() -> None:
    margin = price_of(shop_catalog("big_coupon"), {"cut": "boot"}).margin
    assert (margin.revenue, margin.cost, margin.amount, margin.percent) == (0, 2200, -2200, None)


def test_payment_plan_on_the_total() -> None:
    breakdown = price_of(SHOP, {"plan": "monthly12"}, quantity=20)
    plan = breakdown.payment
    assert plan is not None
    assert (breakdown.total, plan.amount, plan.financed, plan.instalment_amount) == (100000, 100000, 100000, 8885)
    assert [row.interest for row in plan.schedule[:3]] == [1000, 921, 842]
    assert (plan.schedule[-1].payment, plan.total_interest, plan.total_cost) == (8884, 6619, 106619)
    assert (plan.attribute, plan.option, plan.label) == ("plan", "monthly12", "12 months at 12 %")
    assert plan.apr == Decimal(12)


def test_payment_plan_includes_the_service_fee() -> None:
    plan = price_of(SHOP, {"addons": ["rivets"], "care": "basic", "plan": "interest_free"}).payment
    assert plan is not None
    assert (plan.amount, [row.payment for row in plan.schedule], plan.total_cost) == (6300, [2100] * 3, 6800)


def test_payment_plan_with_a_down_payment() -> None:
    plan = price_of(SHOP, {"addons": ["patch"], "plan": "down20"}).payment
    assert plan is not None
    assert (plan.down_payment, plan.financed, plan.instalment_amount, plan.total_cost) == (1040, 4159, 370, 5474)


def test_paying_now_has_no_plan() -> None:
    assert price_of(SHOP, {"plan": "pay_now"}).payment is None
    assert price_of(SHOP).payment is None


def test_a_second_service_attribute_is_rejected_by_the_catalog_check() -> None:
    data = shop_data()
    modules = data["products"][0]["modules"]
    second = yaml.safe_load(
        "{id: repairs, kind: one_of, role: service, options: "
        "[{id: fast, service: {annual_fee: 100, response_hours: 4}}]}"
    )
    modules[3]["attributes"].append(second)
    with pytest.raises(CatalogError, match="a product has one service attribute; 'care' already is"):
        load_catalog_text(yaml.safe_dump(data))


def _check_invariants(breakdown: PriceBreakdown) -> None:
    service_fee = breakdown.service.annual_fee if breakdown.service else 0
    service_net = breakdown.service.net_amount if breakdown.service else 0
    assert breakdown.subtotal == breakdown.unit_subtotal * breakdown.quantity
    assert breakdown.total == breakdown.subtotal + service_fee - breakdown.discount
    assert breakdown.total == sum(line.net_amount for line in breakdown.lines) + service_net
    assert all(0 <= line.net_amount <= line.amount for line in breakdown.lines)
    assert all(0 < rule.discount <= rule.base for rule in breakdown.price_rules)
    if breakdown.payment is not None:
        plan = breakdown.payment
        assert sum(row.principal for row in plan.schedule) == plan.financed
        assert plan.schedule[-1].balance == 0
        assert plan.total_cost == plan.amount + plan.total_interest + plan.fee


def _selections() -> st.SearchStrategy[dict[str, Choice]]:
    waist = SHOP.products[0].attribute("waist")
    assert isinstance(waist, Numeric)
    values: dict[str, st.SearchStrategy[Choice]] = {
        "cut": st.sampled_from(["classic", "boot", "flare"]),
        "waist": st.sampled_from(waist.values()),
        "addons": st.lists(st.sampled_from(["rivets", "embroidery", "patch"]), unique=True),
        "gift_wrap": st.sampled_from(["yes", "no"]),
        "care": st.sampled_from(["no_care", "basic", "premium"]),
        "plan": st.sampled_from(["pay_now", "monthly12", "interest_free", "down20"]),
    }
    return st.fixed_dictionaries({}, optional=values)


@settings(max_examples=200, deadline=None)
@given(
    choices=_selections(),
    quantity=st.integers(1, 15),
    on=st.sampled_from([MAY, date(2025, 6, 15), date(2025, 7, 15)]),
    tier=st.sampled_from([None, "retain", "grow", "ordinary"]),
)
def test_any_selection_keeps_the_invariants(
    choices: dict[str, Choice], quantity: int, on: date, tier: str | None
) -> None:
    _check_invariants(price_of(SHOP_WITH_RULES, choices, quantity=quantity, on=on, tier=tier))
