"""Price rules: tier discounts, volume breaks, promotions (percent, amount, conditions, dates), targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.catalog.configuration import Choice
from tests.factories import MAY, price_of, shop_catalog

JUNE_15 = date(2025, 6, 15)
JULY_15 = date(2025, 7, 15)
BOOT_PATCH: dict[str, Choice] = {"cut": "boot", "addons": ["patch"]}
BOOT_EMBROIDERY: dict[str, Choice] = {"cut": "boot", "addons": ["embroidery"]}


@pytest.mark.parametrize(
    ("rules", "choices", "quantity", "on", "tier", "discounts", "total"),
    [
        pytest.param(("loyalty",), BOOT_PATCH, 1, MAY, "retain", [("loyalty", 570)], 5129, id="tier 10 % of 5699"),
        pytest.param(("loyalty",), BOOT_PATCH, 1, MAY, "grow", [("loyalty", 285)], 5414, id="tier 284.95 rounds up"),
        pytest.param(("loyalty",), BOOT_PATCH, 1, MAY, "ordinary", [], 5699, id="tier without a discount"),
        pytest.param(("loyalty",), BOOT_PATCH, 1, MAY, None, [], 5699, id="tier unknown"),
        pytest.param(("expired",), BOOT_PATCH, 1, MAY, "retain", [], 5699, id="rule no longer in force"),
        pytest.param(("bulk",), {}, 2, MAY, None, [], 10000, id="volume below the first break"),
        pytest.param(("bulk",), {}, 3, MAY, None, [("bulk", 750)], 14250, id="volume first break"),
        pytest.param(("bulk",), {}, 10, MAY, None, [("bulk", 6250)], 43750, id="volume second break"),
        pytest.param(("bulk",), {}, 12, MAY, None, [("bulk", 7500)], 52500, id="volume largest break reached"),
        pytest.param(("summer",), {"cut": "boot"}, 1, JULY_15, None, [("summer", 1100)], 4400, id="promotion"),
        pytest.param(
            ("summer",), {"cut": "boot"}, 1, date(2025, 8, 31), None, [("summer", 1100)], 4400, id="promotion last day"
        ),
        pytest.param(("summer",), {"cut": "boot"}, 1, JUNE_15, None, [], 5500, id="promotion not started"),
        pytest.param(("summer",), {"cut": "boot"}, 1, date(2025, 9, 1), None, [], 5500, id="promotion over"),
        pytest.param(("summer",), {"cut": "classic"}, 1, JULY_15, None, [], 5000, id="promotion condition false"),
        pytest.param(("summer",), {"cut": "flare"}, 1, JULY_15, None, [("summer", 1160)], 4640, id="promotion flare"),
        pytest.param(("summer",), {}, 1, JULY_15, None, [], 5000, id="promotion on a partial selection"),
        pytest.param(
            ("embroidery_deal",),
            {"addons": ["embroidery", "patch"]},
            1,
            MAY,
            None,
            [("embroidery_deal", 500)],
            5949,
            id="amount off targets",
        ),
        pytest.param(("embroidery_deal",), {"addons": ["rivets"]}, 1, MAY, None, [], 5300, id="amount condition"),
        pytest.param(
            ("patch_coupon",),
            {"addons": ["patch"]},
            1,
            MAY,
            None,
            [("patch_coupon", 199)],
            5000,
            id="amount capped at its targets",
        ),
        pytest.param(
            ("big_coupon",), {"cut": "boot"}, 1, MAY, None, [("big_coupon", 5500)], 0, id="amount capped at 0"
        ),
        pytest.param(("addons_half",), {"cut": "boot"}, 1, MAY, None, [], 5500, id="targets not chosen"),
        pytest.param(
            ("loyalty", "addons_half"),
            BOOT_EMBROIDERY,
            1,
            MAY,
            "retain",
            [("loyalty", 675), ("addons_half", 563)],
            5512,
            id="target after a whole discount",
        ),
        pytest.param(
            ("addons_half", "loyalty"),
            BOOT_EMBROIDERY,
            1,
            MAY,
            "retain",
            [("addons_half", 625), ("loyalty", 613)],
            5512,
            id="target before a whole discount",
        ),
        pytest.param(
            ("care_half",), {"care": "premium"}, 1, MAY, None, [("care_half", 1500)], 6500, id="targets the service fee"
        ),
        pytest.param(
            ("loyalty",), {"care": "premium"}, 1, MAY, "retain", [("loyalty", 500)], 7500, id="service fee untouched"
        ),
        pytest.param(("grow_welcome",), {}, 1, MAY, "grow", [("grow_welcome", 250)], 4750, id="context condition"),
        pytest.param(("grow_welcome",), {}, 1, MAY, "retain", [], 5000, id="context condition false"),
        pytest.param(
            ("loyalty", "bulk", "summer"),
            {"cut": "boot"},
            3,
            JULY_15,
            "retain",
            [("loyalty", 1650), ("bulk", 743), ("summer", 2821)],
            11286,
            id="three rules in document order",
        ),
    ],
)
def test_price_rules(
    rules: tuple[str, ...],
    choices: dict[str, Choice],
    quantity: int,
    on: date,
    tier: str | None,
    discounts: list[tuple[str, int]],
    total: int,
) -> None:
    breakdown = price_of(shop_catalog(*rules), choices, quantity=quantity, on=on, tier=tier)
    assert [(rule.id, rule.discount) for rule in breakdown.price_rules] == discounts
    assert breakdown.total == total
    assert breakdown.discount == sum(discount for _, discount in discounts)


def test_discounts_are_shared_among_the_lines() -> None:
    breakdown = price_of(shop_catalog("loyalty", "addons_half"), BOOT_EMBROIDERY, tier="retain")
    assert [line.net_amount for line in breakdown.lines] == [4500, 450, 562]
    loyalty, addons_half = breakdown.price_rules
    assert (loyalty.base, loyalty.label, loyalty.kind) == (6750, "Loyalty", "tier_discount")
    assert loyalty.percent == Decimal(10)
    assert (addons_half.base, addons_half.targets) == (1125, ["addons"])


def test_a_rule_on_the_service_lowers_the_service_fee() -> None:
    breakdown = price_of(shop_catalog("care_half"), {"care": "premium"})
    assert breakdown.service is not None
    assert (breakdown.service.annual_fee, breakdown.service.net_amount) == (3000, 1500)
    assert breakdown.price_rules[0].percent == 50


def test_an_amount_promotion_has_no_percent() -> None:
    (rule,) = price_of(shop_catalog("grow_welcome"), tier="grow").price_rules
    assert (rule.kind, rule.percent, rule.base, rule.discount) == ("promotion", None, 5000, 250)
