"""Goods lines: base, options (dated prices), many-of add-ons, yes/no and formula lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.catalog import Catalog
from app.catalog.configuration import Choice
from tests.factories import MAY, price_of, shop_catalog

JUNE_15 = date(2025, 6, 15)


@pytest.fixture(scope="module")
def shop() -> Catalog:
    return shop_catalog()


@pytest.mark.parametrize(
    ("choices", "quantity", "on", "unit_subtotal", "total"),
    [
        pytest.param({}, 1, MAY, 5000, 5000, id="base only"),
        pytest.param({"cut": "boot"}, 1, MAY, 5500, 5500, id="one-of option"),
        pytest.param({"cut": "classic"}, 1, MAY, 5000, 5000, id="free option"),
        pytest.param({"addons": ["rivets", "embroidery", "patch"]}, 1, MAY, 6749, 6749, id="many-of add-ons"),
        pytest.param({"addons": []}, 1, MAY, 5000, 5000, id="no add-ons"),
        pytest.param({"gift_wrap": "yes"}, 1, MAY, 5350, 5350, id="yes carries the attribute price"),
        pytest.param({"gift_wrap": "no"}, 1, MAY, 5000, 5000, id="no adds nothing"),
        pytest.param({"waist": Decimal(40)}, 1, MAY, 5000, 5000, id="formula at its threshold"),
        pytest.param({"waist": Decimal("40.5")}, 1, MAY, 5063, 5063, id="formula 62.5 rounds half-up"),
        pytest.param({"waist": Decimal("41.5")}, 1, MAY, 5188, 5188, id="formula 187.5 rounds half-up"),
        pytest.param({"waist": Decimal(43)}, 1, MAY, 5375, 5375, id="formula 3 in above"),
        pytest.param({"waist": "43"}, 1, MAY, 5375, 5375, id="number written as text"),
        pytest.param({"cut": "flare"}, 1, JUNE_15, 5600, 5600, id="dated price in force"),
        pytest.param({"cut": "flare"}, 1, date(2025, 6, 30), 5600, 5600, id="dated price on its last day"),
        pytest.param({"cut": "flare"}, 1, date(2025, 7, 1), 5800, 5800, id="list price after the dated one"),
        pytest.param({"cut": "boot", "addons": ["patch"]}, 3, MAY, 5699, 17097, id="quantity"),
        pytest.param({"care": "basic"}, 1, MAY, 5000, 6000, id="service fee in the total"),
        pytest.param({"care": "no_care"}, 1, MAY, 5000, 5000, id="no service"),
        pytest.param({"plan": "monthly12"}, 1, MAY, 5000, 5000, id="payment plan adds no goods"),
        pytest.param(
            {"cut": "boot", "waist": Decimal(43), "addons": ["embroidery"], "gift_wrap": "yes", "care": "premium"},
            2,
            MAY,
            7475,
            17950,
            id="everything, two units, service once",
        ),
    ],
)
def test_goods_subtotal_and_total(
    shop: Catalog, choices: dict[str, Choice], quantity: int, on: date, unit_subtotal: int, total: int
) -> None:
    breakdown = price_of(shop, choices, quantity=quantity, on=on)
    assert (breakdown.unit_subtotal, breakdown.total) == (unit_subtotal, total)
    assert breakdown.subtotal == unit_subtotal * quantity == sum(line.amount for line in breakdown.lines)


def test_lines_in_attribute_order_with_labels(shop: Catalog) -> None:
    choices: dict[str, Choice] = {
        "addons": ["patch", "rivets"],
        "waist": Decimal("41.5"),
        "cut": "boot",
        "gift_wrap": "yes",
        "care": "basic",
    }
    lines = price_of(shop, choices, quantity=2).lines
    assert [(ln.kind, ln.attribute, ln.option or ln.formula, ln.unit_price, ln.amount) for ln in lines] == [
        ("base", None, None, 5000, 10000),
        ("option", "cut", "boot", 500, 1000),
        ("formula", "waist", "large_waist", 188, 376),
        ("option", "addons", "rivets", 300, 600),
        ("option", "addons", "patch", 199, 398),
        ("option", "gift_wrap", "yes", 350, 700),
    ]
    assert lines[0].label == {"en": "Custom jeans", "es": "Vaqueros a medida"}
    assert lines[2].value == Decimal("41.5")
    assert lines[2].label == "Large waist"


def test_service_fee_shows_the_response_time(shop: Catalog) -> None:
    service = price_of(shop, {"care": "premium"}).service
    assert service is not None
    assert (service.attribute, service.option, service.annual_fee, service.net_amount) == (
        "care",
        "premium",
        3000,
        3000,
    )
    assert service.response_hours == 24
