"""Value tiers: hand-made populations for each tier and threshold, and a plain-Python checker."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from pydantic import ValidationError

from app.value.lifetime import ValueInputError
from app.value.tiers import TIERS, Order, TierThresholds, assign_tiers, current_value

# customer:    0    1   2    3   4   5    6  7   8   9
CURRENT: list[float] = [100, 90, 50, 40, 30, 20, 10, 5, 0, 60]
STRATEGIC: list[float] = [10, 0, 200, 10, 5, 100, 0, 0, 50, 10]
COST: list[float] = [5, 5, 5, 5, 5, 5, 5, 20, 1, 70]


def plain_tiers(current: list[float], strategic: list[float], cost: list[float], limits: TierThresholds) -> list[str]:
    """The tiers one customer at a time, from a sorted ranking: the oracle for `assign_tiers`."""
    count = math.ceil(limits.retain_share * len(current) - 1e-9)
    cut = sorted(current, reverse=True)[count - 1] if count > 0 else math.inf
    tiers = []
    for value, potential, serve in zip(current, strategic, cost, strict=True):
        if value - serve < limits.below_zero_at:
            tiers.append("below_zero")
        elif value >= cut and value > 0:
            tiers.append("retain")
        elif potential > 0 and potential > limits.grow_ratio * value:
            tiers.append("grow")
        else:
            tiers.append("ordinary")
    return tiers


def test_each_tier_with_default_thresholds() -> None:
    got = assign_tiers(CURRENT, STRATEGIC, COST)
    assert got == ["retain", "retain", "grow", "ordinary", "ordinary", "grow", "ordinary", *["below_zero"] * 3]
    assert set(got) == set(TIERS)


def test_retain_share_widens_the_top() -> None:
    got = assign_tiers(CURRENT, STRATEGIC, COST, TierThresholds(retain_share=0.5))
    # the top five by current value are 100, 90, 60, 50, 40; customer 9 (60) is below zero
    assert [i for i, tier in enumerate(got) if tier == "retain"] == [0, 1, 2, 3]
    assert got[2] == "retain"  # retaining outranks growing


def test_no_retain_share_retains_nobody() -> None:
    got = assign_tiers(CURRENT, STRATEGIC, COST, TierThresholds(retain_share=0))
    assert "retain" not in got
    assert got[:2] == ["ordinary", "ordinary"]


def test_full_retain_share_retains_every_customer_with_value() -> None:
    got = assign_tiers([5, 3, 0], [0, 0, 9], [0, 0, 0], TierThresholds(retain_share=1))
    assert got == ["retain", "retain", "grow"]  # no current value is never "most valuable"


def test_grow_ratio() -> None:
    tiers = {
        ratio: assign_tiers(CURRENT, STRATEGIC, COST, TierThresholds(grow_ratio=ratio)) for ratio in (3.9, 4.5, 5.5)
    }
    assert [(tiers[ratio][2], tiers[ratio][5]) for ratio in (3.9, 4.5, 5.5)] == [
        ("grow", "grow"),  # 200 > 3.9 × 50 and 100 > 3.9 × 20
        ("ordinary", "grow"),  # 200 < 4.5 × 50
        ("ordinary", "ordinary"),  # 100 < 5.5 × 20
    ]
    assert assign_tiers([10, 100], [20, 0], [0, 0], TierThresholds(grow_ratio=2))[0] == "ordinary"  # 20 is not > 20


def test_below_zero_at() -> None:
    got = assign_tiers(CURRENT, STRATEGIC, COST, TierThresholds(below_zero_at=-10))
    assert got[7:] == ["below_zero", "grow", "ordinary"]  # -15 is below -10; -1 and -10 are not


def test_ties_at_the_retain_cut_are_all_retained() -> None:
    assert assign_tiers([10, 10, 10, 5], [0] * 4, [0] * 4, TierThresholds(retain_share=0.25)) == [
        *["retain"] * 3,
        "ordinary",
    ]


def test_negative_current_value_is_below_zero() -> None:
    assert assign_tiers([-5, 5], [100, 0], [0, 0]) == ["below_zero", "retain"]


def test_accepts_decimals_arrays_and_nobody() -> None:
    current, strategic, cost = ([Decimal(v) for v in column] for column in (CURRENT, STRATEGIC, COST))
    assert assign_tiers(current, strategic, cost) == assign_tiers(
        np.array(CURRENT), np.array(STRATEGIC), np.array(COST)
    )
    assert assign_tiers([], [], []) == []


@pytest.mark.parametrize("seed", range(5))
def test_matches_plain_python_on_random_populations(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 400))
    current = rng.integers(-20, 200, size).astype(float).tolist()  # whole numbers, so ties at the cut
    strategic = rng.integers(0, 400, size).astype(float).tolist()
    cost = rng.integers(0, 30, size).astype(float).tolist()
    limits = TierThresholds(
        retain_share=float(rng.uniform(0, 1)),
        grow_ratio=float(rng.uniform(0, 3)),
        below_zero_at=float(rng.uniform(-5, 5)),
    )
    assert assign_tiers(current, strategic, cost, limits) == plain_tiers(current, strategic, cost, limits)


@pytest.mark.parametrize(
    ("columns", "argument", "row"),
    [
        (([1, 2], [1], [0, 0]), "strategic_value", None),
        (([1, 2], [1, 1], [0, 0, 0]), "cost_to_serve", None),
        (([1, 2, 3], [1, 1, 1], [0, 0, -1]), "cost_to_serve", 2),
        (([1, 2], [1, -1], [0, 0]), "strategic_value", 1),
        (([1, float("nan")], [1, 1], [0, 0]), "current_value", 1),
    ],
)
def test_bad_input_names_argument_and_row(
    columns: tuple[list[float], list[float], list[float]], argument: str, row: int | None
) -> None:
    with pytest.raises(ValueInputError, match=rf"^{argument}{'' if row is None else f' row {row}'}:"):
        assign_tiers(*columns)


@pytest.mark.parametrize("settings", [{"retain_share": 1.5}, {"retain_share": -0.1}, {"grow_ratio": -1}])
def test_thresholds_out_of_range_are_refused(settings: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        TierThresholds(**settings)


def test_current_value_is_the_margin_over_the_trailing_window() -> None:
    as_of = date(2026, 6, 30)
    orders = [
        Order("ann", date(2026, 6, 30), Decimal("10.50")),  # on the as-of date: counts
        Order("ann", date(2025, 7, 1), Decimal("4.00")),  # 364 days before: counts
        Order("ann", date(2025, 6, 30), Decimal("100")),  # 365 days before: out of the window
        Order("bob", date(2026, 7, 1), Decimal("7")),  # after the as-of date: not yet
        Order("cy", date(2026, 1, 2), Decimal("-3.25")),  # a return
    ]
    assert current_value(orders, as_of=as_of) == {"ann": Decimal("14.50"), "bob": Decimal(0), "cy": Decimal("-3.25")}
    assert current_value(orders, as_of=as_of, window_days=1) == {"ann": Decimal("10.50"), "bob": 0, "cy": 0}


def test_current_value_needs_a_window() -> None:
    with pytest.raises(ValueInputError, match=r"^window_days:"):
        current_value([], as_of=date(2026, 1, 1), window_days=0)
