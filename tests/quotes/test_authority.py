"""Discount authority: per tier, the rep's discount limit and the margin floor, with reasons in words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from app.quotes.authority import (
    DISCOUNT_ABOVE,
    MARGIN_BELOW,
    NO_REVENUE,
    AuthorityPolicy,
    Tier,
    TierLimits,
    needs_approval,
)
from app.quotes.totals import Quote, QuoteTotals, quote_totals
from tests.quotes.builders import ON, line, unit

POLICY = AuthorityPolicy.model_validate(
    {
        "tiers": {
            "retain": {"max_discount_percent": "15", "margin_floor_percent": "20"},
            "grow": {"max_discount_percent": "10", "margin_floor_percent": "25"},
            "ordinary": {"max_discount_percent": "5", "margin_floor_percent": "30"},
            "below_zero": {"max_discount_percent": "0", "margin_floor_percent": "40"},
        }
    }
)


def totals(percent: str | None, *, cost: int = 5000, catalog_discount: int = 0) -> QuoteTotals:
    """A 10000 list price line (cost `cost`) with a `percent` quote discount."""
    item = line("a", unit(10000, unit_cost=cost, catalog_discount=catalog_discount))
    return quote_totals(Quote(lines=(item,), discount_percent=Decimal(percent) if percent else None, on=ON))


@pytest.mark.parametrize(
    ("tier", "percent", "approval"),
    [
        ("retain", "15", False),
        ("retain", "15.01", True),
        ("grow", "10", False),
        ("grow", "10.5", True),
        ("ordinary", "5", False),
        ("ordinary", "6", True),
        ("below_zero", None, False),
        ("below_zero", "0.01", True),
    ],
)
def test_discount_limit_per_tier(tier: Tier, percent: str | None, approval: bool) -> None:
    verdict = needs_approval(POLICY, tier, totals(percent, cost=1000))
    assert verdict.needs_approval is approval
    assert all(reason.limit == "discount" for reason in verdict.reasons)


def test_the_reason_says_which_limit_and_by_how_much() -> None:
    verdict = needs_approval(POLICY, "ordinary", totals("8", cost=1000))
    (reason,) = verdict.reasons
    assert reason.template == DISCOUNT_ABOVE
    assert reason.values == {
        "tier": "ordinary",
        "percent": Decimal("8.00"),
        "limit": Decimal(5),
        "over": Decimal("3.00"),
    }
    assert (
        reason.message
        == "A discount of 8.00% is above the 5% a rep may give a customer of tier ordinary, by 3.00 points."
    )


def test_margin_floor() -> None:
    # net 9500, cost 7000: margin 2500 = 26.32 %; grow's floor is 25 %, ordinary's 30 %.
    assert not needs_approval(POLICY, "grow", totals("5", cost=7000)).needs_approval
    verdict = needs_approval(POLICY, "ordinary", totals("5", cost=7000))
    (reason,) = verdict.reasons
    assert (reason.limit, reason.template) == ("margin", MARGIN_BELOW)
    assert reason.values["under"] == Decimal("3.68")


def test_both_limits_give_two_reasons() -> None:
    verdict = needs_approval(POLICY, "below_zero", totals("10", cost=6000))
    assert [reason.limit for reason in verdict.reasons] == ["discount", "margin"]


def test_catalog_discounts_are_not_the_reps() -> None:
    # the catalog took 2000 off; the rep's 10 % is 800 of 8000, within retain's 15 %.
    verdict = needs_approval(POLICY, "retain", totals("10", cost=1000, catalog_discount=2000))
    assert (verdict.needs_approval, verdict.discount_percent) == (False, Decimal("10.00"))


def test_a_quote_with_no_revenue_needs_approval() -> None:
    verdict = needs_approval(POLICY, "retain", totals("100", cost=1000))
    assert [reason.template for reason in verdict.reasons] == [DISCOUNT_ABOVE, NO_REVENUE]


def test_a_policy_covers_every_tier() -> None:
    with pytest.raises(ValidationError):
        AuthorityPolicy.model_validate({"tiers": {"retain": {"max_discount_percent": 5, "margin_floor_percent": 0}}})


def test_a_maximum_discount_is_never_negative() -> None:
    with pytest.raises(ValidationError):
        TierLimits(max_discount_percent=Decimal(-1), margin_floor_percent=Decimal(5))
    assert TierLimits(max_discount_percent=Decimal(0), margin_floor_percent=Decimal(-5)).margin_floor_percent == -5
