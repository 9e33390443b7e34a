"""A quote line's totals: worked examples, the refused discount, rounding within half a minor unit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from app.quotes.errors import DiscountTooLargeError
from app.quotes.lines import LineDiscount, QuoteLine, line_totals
from tests.quotes.builders import line, unit


def test_a_line_without_discounts() -> None:
    totals = line_totals(line("a", unit(5000, {"cut": ("boot", 500)}, unit_cost=2000), 3))
    assert (totals.list, totals.discount, totals.net, totals.cost, totals.margin) == (16500, 0, 16500, 6000, 10500)
    assert totals.margin_percent == Decimal("63.64")


def test_catalog_rules_and_service_fee_once_per_line() -> None:
    # goods 5000/unit with 500 off by the catalog, service 1000 a year (cost 400) once, 4 units.
    totals = line_totals(line("a", unit(5000, catalog_discount=500, unit_cost=1000, service=(1000, 400)), 4))
    assert (totals.list, totals.catalog_discount, totals.net) == (21000, 2000, 19000)
    assert (totals.cost, totals.margin) == (4400, 14600)


def test_percent_discount_is_rounded_half_up() -> None:
    # 12.5 % of 3 × 999 = 374.625 -> 375.
    totals = line_totals(line("a", unit(999), 3, percent="12.5"))
    assert (totals.line_discount, totals.net) == (375, 2622)


def test_amount_per_unit_discount() -> None:
    totals = line_totals(line("a", unit(5000), 10, per_unit=750))
    assert (totals.line_discount, totals.net) == (7500, 42500)


def test_line_discount_applies_after_volume() -> None:
    totals = line_totals(line("a", unit(1000), 10, percent="10"), volume_discount=1000)
    assert (totals.volume_discount, totals.line_discount, totals.net) == (1000, 900, 8100)


def test_a_discount_larger_than_the_goods_is_refused() -> None:
    with pytest.raises(DiscountTooLargeError) as raised:
        line_totals(line("a", unit(5000, catalog_discount=1000), 2, per_unit=4001))
    assert raised.value.template.startswith("Line {line}")
    assert raised.value.values == {"line": "a", "amount": 8002, "left": 8000}


def test_the_discount_is_on_goods_never_on_the_service_fee() -> None:
    totals = line_totals(line("a", unit(1000, service=(500, 0)), 1, percent="100"))
    assert (totals.line_discount, totals.net) == (1000, 500)


def test_payment_plan_is_recomputed_on_the_line_net() -> None:
    totals = line_totals(line("a", unit(1000, plan_months=4), 3, percent="10"))
    assert totals.payment is not None
    assert (totals.payment.amount, totals.payment.instalment_amount, totals.payment.total_cost) == (2700, 675, 2700)


@pytest.mark.parametrize(
    "fields",
    [{}, {"percent": Decimal(5), "amount_per_unit": 1}, {"percent": Decimal("0.001")}, {"percent": Decimal(101)}],
)
def test_a_line_discount_is_one_of_percent_or_amount(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        LineDiscount.model_validate(fields)


@pytest.mark.parametrize("quantity", [0, 10_001])
def test_quantity_is_bounded(quantity: int) -> None:
    with pytest.raises(ValidationError):
        line("a", unit(100), quantity)


def test_the_breakdown_is_per_unit() -> None:
    with pytest.raises(ValidationError):
        QuoteLine(key="a", breakdown=unit(100).model_copy(update={"quantity": 2}), quantity=1)


def test_choices_name_options_service_and_plan() -> None:
    chosen = line("a", unit(100, {"cut": ("boot", 5)}, service=(10, 1), plan_months=3)).choices()
    assert chosen == {"cut": ("boot",), "care": ("pro",), "plan": ("p",)}


prices = st.integers(min_value=0, max_value=10**7)
percents = st.decimals(min_value=Decimal("0.01"), max_value=100, places=2)


@given(prices, prices, st.integers(1, 10_000), percents, st.integers(0, 10**5))
def test_line_invariants(base: int, option: int, quantity: int, percent: Decimal, cost: int) -> None:
    item = line(
        "a", unit(base, {"cut": ("boot", option)}, unit_cost=cost, service=(300, 100)), quantity, percent=str(percent)
    )
    totals = line_totals(item)
    assert totals.net == totals.list - totals.discount >= 0
    assert totals.margin == totals.net - totals.cost
    exact = Decimal((base + option) * quantity) * percent / 100
    assert abs(totals.line_discount - exact) <= Decimal("0.5")


@given(prices, st.integers(1, 10_000), st.integers(1, 10**6))
def test_an_amount_discount_is_taken_whole_or_refused(base: int, quantity: int, per_unit: int) -> None:
    item = line("a", unit(base), quantity, per_unit=per_unit)
    if per_unit > base:
        with pytest.raises(DiscountTooLargeError):
            line_totals(item)
    else:
        assert line_totals(item).net == (base - per_unit) * quantity
