"""Bad selections raise `PricingError` naming the product, attribute or option, never a KeyError."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from app.catalog import Catalog
from app.catalog.configuration import Choice, Context, Selection
from app.pricing import PricingError, price
from app.web.errors import status_of
from tests.factories import MAY, price_of, shop_catalog


@pytest.fixture(scope="module")
def shop() -> Catalog:
    return shop_catalog()


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        pytest.param({"colour": "blue"}, "unknown attribute 'colour' on product 'jeans'", id="unknown attribute"),
        pytest.param({"cut": "skinny"}, "unknown option 'skinny' for attribute 'cut'", id="unknown option"),
        pytest.param({"addons": ["glitter"]}, "unknown option 'glitter' for attribute 'addons'", id="unknown add-on"),
        pytest.param({"gift_wrap": "maybe"}, "unknown option 'maybe' for attribute 'gift_wrap'", id="yes/no"),
        pytest.param({"cut": ["boot"]}, "attribute 'cut' takes one option, not a list", id="list for a one-of"),
        pytest.param({"cut": Decimal(3)}, "attribute 'cut' takes an option, not the number 3", id="number"),
        pytest.param(
            {"addons": "rivets"}, "attribute 'addons' takes a list of options, not 'rivets'", id="text for a many-of"
        ),
        pytest.param(
            {"addons": ["rivets", "rivets"]},
            "option 'rivets' of attribute 'addons' is chosen more than once",
            id="repeated add-on",
        ),
        pytest.param(
            {"waist": Decimal(50)}, "50 is not a value of attribute 'waist' (26..48 in steps of 0.5)", id="too large"
        ),
        pytest.param(
            {"waist": Decimal("40.25")},
            "40.25 is not a value of attribute 'waist' (26..48 in steps of 0.5)",
            id="between steps",
        ),
        pytest.param({"waist": "wide"}, "attribute 'waist' takes a number, not 'wide'", id="not a number"),
        pytest.param({"waist": "NaN"}, "NaN is not a value of attribute 'waist'", id="not a finite number"),
        pytest.param({"waist": ["40"]}, "attribute 'waist' takes a number, not a list", id="list for a number"),
        pytest.param(
            {"cut": "retro"}, "option 'retro' of attribute 'cut' is not available on 2025-05-01", id="withdrawn option"
        ),
    ],
)
def test_bad_choices(shop: Catalog, choices: dict[str, Choice], message: str) -> None:
    with pytest.raises(PricingError, match=re.escape(message)) as raised:
        price_of(shop, choices)
    assert status_of(raised.value) == 422


def test_unknown_product(shop: Catalog) -> None:
    with pytest.raises(PricingError, match=re.escape("unknown product 'bike' (products: jeans)")) as raised:
        price(shop, Selection(product="bike"), Context(on=MAY))
    assert status_of(raised.value) == 404


def test_product_not_in_force() -> None:
    data_catalog = shop_catalog()
    product = data_catalog.products[0].model_copy(update={"valid_from": date(2026, 1, 1)})
    catalog = data_catalog.model_copy(update={"products": [product]})
    with pytest.raises(PricingError, match="product 'jeans' is not available on 2025-05-01"):
        price(catalog, Selection(), Context(on=MAY))


def test_a_withdrawn_option_prices_while_it_was_in_force(shop: Catalog) -> None:
    assert price_of(shop, {"cut": "retro"}, on=date(2024, 12, 31)).total == 5900


def test_the_named_product_is_priced(shop: Catalog) -> None:
    assert price(shop, Selection(product="jeans"), Context(on=MAY)).product == "jeans"
