"""Volume breaks across a quote: total quantity per product, exact sharing, rounding per line."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.quotes.volume import product_quantities, volume_discounts
from tests.quotes.builders import ON, line, unit, volume


def test_quantities_add_up_per_product() -> None:
    lines = [line("a", unit(100), 3), line("b", unit(100, product="bike"), 2), line("c", unit(100), 4)]
    assert product_quantities(lines) == {"jeans": 7, "bike": 2}


def test_rules_apply_in_order_each_on_what_is_left() -> None:
    rules = {"jeans": (volume((2, "10"), rule="first"), volume((2, "10"), rule="second"))}
    discounts, applied = volume_discounts([line("a", unit(1000), 2)], rules, ON)
    assert discounts == [380]
    assert [(item.rule, item.discount) for item in applied] == [("first", 200), ("second", 180)]


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 10_000)), min_size=1, max_size=6))
def test_each_line_is_within_half_a_minor_unit(specs: list[tuple[int, int]]) -> None:
    lines = [line(str(i), unit(price), quantity) for i, (price, quantity) in enumerate(specs)]
    total = sum(quantity for _, quantity in specs)
    discounts, _ = volume_discounts(lines, {"jeans": (volume((10, "7.5")),)}, ON)
    for (price, quantity), discount in zip(specs, discounts, strict=True):
        exact = Decimal(price * quantity) * Decimal("7.5") / 100 if total >= 10 else Decimal(0)
        assert abs(discount - exact) <= Decimal("0.5")
