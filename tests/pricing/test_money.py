"""Money helpers: half-up rounding, percents, exact proportional sharing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.pricing.money import allocate, format_money, percent_of, ratio_percent, round_half_up


@pytest.mark.parametrize(
    ("value", "rounded"),
    [("2.5", 3), ("2.4999", 2), ("3.5", 4), ("-2.5", -3), ("0.5", 1), ("284.95", 285)],
)
def test_round_half_up(value: str, rounded: int) -> None:
    assert round_half_up(Decimal(value)) == rounded


def test_percent_of() -> None:
    assert percent_of(5699, Decimal(5)) == 285  # 284.95
    assert percent_of(14850, Decimal(5)) == 743  # 742.5
    assert percent_of(5000, Decimal("12.5")) == 625


def test_ratio_percent() -> None:
    assert ratio_percent(9880, 15950) == Decimal("61.94")
    assert ratio_percent(1, 8) == Decimal("12.50")  # 12.5 exactly
    assert ratio_percent(1, 0) is None


@pytest.mark.parametrize(
    ("total", "weights", "shares"),
    [
        (675, [5000, 500, 1250], [500, 50, 125]),
        (10, [1, 1, 1], [4, 3, 3]),
        (2, [1, 1, 1], [1, 1, 0]),
        (5, [3, -2, 7], [2, 0, 3]),
        (0, [4, 5], [0, 0]),
        (3, [0, 0], [0, 0]),
    ],
)
def test_allocate(total: int, weights: list[int], shares: list[int]) -> None:
    assert allocate(total, weights) == shares


@given(st.lists(st.integers(-1000, 100000), min_size=1, max_size=8), st.data())
def test_allocate_is_exact_and_never_takes_more_than_a_weight(weights: list[int], data: st.DataObject) -> None:
    whole = sum(max(weight, 0) for weight in weights)
    total = data.draw(st.integers(0, whole))
    shares = allocate(total, weights)
    assert sum(shares) == total
    assert all(0 <= share <= max(weight, 0) for share, weight in zip(shares, weights, strict=True))


def test_format_money_uses_the_currency_decimals_and_locale() -> None:
    assert format_money(1999, "EUR") == "€19.99"
    assert format_money(1999, "EUR", "es") == "19,99\xa0€"
    assert format_money(1999, "JPY") == "¥1,999"
    assert format_money(10**17 + 1, "EUR") == "€1,000,000,000,000,000.01"
