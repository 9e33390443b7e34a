"""A quote's totals: volume breaks on a product's total quantity, the quote discount, currencies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.quotes.errors import MixedCurrenciesError, QuoteError
from app.quotes.lines import QuoteLine
from app.quotes.totals import Quote, quote_totals
from tests.quotes.builders import ON, line, unit, volume

JEANS = unit(5000, {"cut": ("boot", 500)}, unit_cost=2000)
BIKE = unit(80000, product="bike", unit_cost=50000, service=(6000, 2000))
BULK = {"jeans": (volume((10, "5"), (50, "10")),)}


def quote(*lines: QuoteLine, percent: str | None = None, on: date = ON) -> Quote:
    return Quote(lines=lines, discount_percent=Decimal(percent) if percent else None, on=on, volume_rules=BULK)


def test_a_multi_product_quote() -> None:
    # jeans 6 × 5500 = 33000, 10 % off the line -> 3300; 4 more jeans 22000; a bike 80000 + 6000 service.
    # 10 jeans reach the 5 % break: 1650 + 1100 off; the jeans line discount is 10 % of 31350 = 3135.
    # quote 2 % of goods left (28215 + 20900 + 80000 = 129115) = 2582.30 -> 2582.
    totals = quote_totals(
        quote(line("a", JEANS, 6, percent="10"), line("b", JEANS, 4), line("c", BIKE, 1), percent="2")
    )
    assert (totals.list, totals.volume_discount, totals.line_discount, totals.quote_discount) == (
        141000,
        2750,
        3135,
        2582,
    )
    assert totals.net == 141000 - 2750 - 3135 - 2582 == 132533
    assert (totals.cost, totals.margin, totals.margin_percent) == (72000, 60533, Decimal("45.67"))
    assert [v.percent for v in totals.volumes] == [Decimal(5)]
    assert sum(item.quote_discount for item in totals.lines) == 2582


def test_volume_break_applies_at_the_threshold_exactly() -> None:
    below = quote_totals(quote(line("a", JEANS, 5), line("b", JEANS, 4)))
    at = quote_totals(quote(line("a", JEANS, 5), line("b", JEANS, 5)))
    assert (below.volume_discount, below.volumes) == (0, ())
    assert at.volume_discount == 2750
    assert at.volumes[0].quantity == 10


def test_the_largest_break_reached_applies() -> None:
    assert quote_totals(quote(line("a", JEANS, 50))).volume_discount == 27500


def test_volume_of_one_product_does_not_count_another() -> None:
    other = unit(5500, product="shirt")
    assert quote_totals(quote(line("a", JEANS, 9), line("b", other, 5))).volume_discount == 0


def test_volume_rule_with_targets_covers_only_those_lines() -> None:
    rules = {"jeans": (volume((2, "10"), targets=["cut"]),)}
    totals = quote_totals(Quote(lines=(line("a", JEANS, 2),), on=ON, volume_rules=rules))
    assert totals.volume_discount == 100


def test_volume_rule_not_in_force_does_not_apply() -> None:
    rule = volume((2, "10")).model_copy(update={"valid_from": date(2027, 1, 1)})
    totals = quote_totals(Quote(lines=(line("a", JEANS, 2),), on=ON, volume_rules={"jeans": (rule,)}))
    assert totals.volume_discount == 0


def test_mixed_currencies_are_refused() -> None:
    dollars = unit(100, currency="USD")
    with pytest.raises(MixedCurrenciesError) as raised:
        quote_totals(quote(line("a", JEANS), line("b", dollars)))
    assert raised.value.values == {"line": "b", "other": "USD", "currency": "EUR"}


def test_line_keys_are_unique() -> None:
    with pytest.raises(QuoteError):
        quote_totals(quote(line("a", JEANS), line("a", BIKE)))


line_specs = st.lists(
    st.tuples(
        st.sampled_from(["jeans", "shirt"]),
        st.integers(0, 10**6),
        st.integers(1, 10_000),
        st.none() | st.decimals(min_value=Decimal("0.01"), max_value=100, places=2),
        st.integers(0, 10**6),
    ),
    min_size=1,
    max_size=8,
)


@given(line_specs, st.none() | st.decimals(min_value=Decimal("0.01"), max_value=100, places=2))
def test_totals_are_sums_of_lines(
    specs: list[tuple[str, int, int, Decimal | None, int]], percent: Decimal | None
) -> None:
    lines = tuple(
        line(str(i), unit(price, product=product, unit_cost=cost), quantity, percent=str(off) if off else None)
        for i, (product, price, quantity, off, cost) in enumerate(specs)
    )
    totals = quote_totals(Quote(lines=lines, discount_percent=percent, on=ON, volume_rules=BULK))
    for name in ("list", "catalog_discount", "volume_discount", "line_discount", "quote_discount", "net", "cost"):
        assert getattr(totals, name) == sum(getattr(item, name) for item in totals.lines)
    assert totals.net == totals.list - totals.discount
    assert totals.margin == totals.net - totals.cost
    assert all(item.net >= 0 for item in totals.lines)
    jeans = sum(quantity for product, _, quantity, _, _ in specs if product == "jeans")
    assert (totals.volume_discount > 0) <= (jeans >= 10)


@given(st.integers(2, 10_000), st.integers(1, 10**6), st.decimals(min_value=Decimal("0.01"), max_value=100, places=2))
def test_a_break_applies_from_its_threshold_on(threshold: int, price: int, percent: Decimal) -> None:
    rules = {"jeans": (volume((threshold, str(percent))),)}

    def off(quantity: int) -> int:
        return quote_totals(Quote(lines=(line("a", unit(price), quantity),), on=ON, volume_rules=rules)).volume_discount

    assert off(threshold - 1) == 0
    assert abs(off(threshold) - Decimal(price * threshold) * percent / 100) <= Decimal("0.5")


@given(
    st.lists(st.integers(0, 10**7), min_size=1, max_size=10),
    st.decimals(min_value=Decimal("0.01"), max_value=100, places=2),
)
def test_the_quote_discount_is_within_half_a_minor_unit(prices: list[int], percent: Decimal) -> None:
    lines = tuple(line(str(i), unit(price)) for i, price in enumerate(prices))
    totals = quote_totals(Quote(lines=lines, discount_percent=percent, on=ON))
    assert abs(totals.quote_discount - Decimal(sum(prices)) * percent / 100) <= Decimal("0.5")
    assert all(0 <= item.quote_discount <= item.list for item in totals.lines)
