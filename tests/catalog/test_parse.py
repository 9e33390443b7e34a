"""One parser for form pairs, JSON and `--select`: a resolved selection, or errors that say which field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.catalog import Catalog
from app.catalog.configuration import Context, Selection
from app.catalog.evaluate import Choices
from app.catalog.parse import parse_form, parse_json, parse_selects
from app.catalog.selection import ResolvedSelection, SelectionError, resolve
from app.pricing import price
from tests.factories import MAY, shop_catalog


@pytest.fixture(scope="module")
def shop() -> Catalog:
    return shop_catalog()


def test_a_form_keeps_good_fields_and_locates_each_bad_one(shop: Catalog) -> None:
    pairs = [("cut", "boot"), ("addons", "rivets"), ("addons", "glitter"), ("gift_wrap", "maybe"), ("waist", "wide")]
    parsed = parse_form(shop.product(), pairs, MAY)
    assert parsed.choices == {"cut": "boot", "addons": ["rivets"]}
    assert [(error.where, error.message) for error in parsed.problems] == [
        ("waist", "Waist: 'wide' is not a number"),
        ("addons", "Add-ons: there is no option 'glitter'"),
        ("gift_wrap", "Gift wrap: there is no option 'maybe'"),
    ]
    assert parsed.problems[0].template == "{attribute}: '{text}' is not a number"


def test_a_number_off_its_grid_is_a_clash_not_a_problem(shop: Catalog) -> None:
    parsed = parse_form(shop.product(), [("waist", "40,25"), ("cut", "boot")], MAY)
    assert parsed.clashes == {"waist": (Decimal("40.25"), "40,25")}
    assert parsed.problems == []
    assert parsed.choices == {"cut": "boot"}


def test_typed_prefill_fills_only_what_the_form_left_empty_and_is_checked_like_it(shop: Catalog) -> None:
    prefill: Choices = {"cut": "slim", "waist": Decimal("40.25"), "addons": ["rivets", "glitter"], "gift_wrap": "maybe"}
    parsed = parse_form(shop.product(), [("cut", "boot")], MAY, prefill=prefill)
    assert parsed.choices == {"cut": "boot", "addons": ["rivets"]}
    assert parsed.clashes == {"waist": (Decimal("40.25"), "40.25")}
    assert [(error.where, error.message) for error in parsed.problems] == [
        ("addons", "Add-ons: there is no option 'glitter'"),
        ("gift_wrap", "Gift wrap: there is no option 'maybe'"),
    ]


def test_typed_prefill_gives_the_same_selection_as_its_text(shop: Catalog) -> None:
    typed: Choices = {"cut": "boot", "waist": Decimal(32), "addons": ["rivets"]}
    text = [("cut", "boot"), ("waist", "32"), ("addons", "rivets")]
    assert parse_form(shop.product(), [], MAY, prefill=typed) == parse_form(shop.product(), text, MAY)


def test_a_form_naming_a_withdrawn_option_is_a_problem_on_its_date(shop: Catalog) -> None:
    dated = parse_form(shop.product(), [("cut", "retro")], MAY)
    assert [error.where for error in dated.problems] == ["cut"]
    undated = parse_form(shop.product(), [("cut", "retro")], MAY, dated=False)
    assert undated.choices == {"cut": "retro"}


def test_json_and_select_give_the_same_selection_as_the_form(shop: Catalog) -> None:
    product = shop.product()
    form = parse_form(product, [("cut", "boot"), ("waist", "32"), ("addons", "rivets"), ("addons", "patch")], MAY)
    from_json = parse_json(product, {"cut": "boot", "waist": 32, "addons": ["rivets", "patch"]}, MAY)
    selects = resolve(product, parse_selects(product, ["cut=boot", "waist=32", "addons=rivets,patch"]), MAY)
    assert form.selection.chosen == from_json.chosen == selects.chosen


@pytest.mark.parametrize(
    ("texts", "where", "message"),
    [
        (["cut"], "--select", "--select cut: expected attribute=option"),
        (
            ["cut=boot", "cut=flare"],
            "cut",
            "--select cut=flare: attribute 'cut' is already selected and takes one value",
        ),
        (["cut=boot,flare"], "cut", "--select cut=boot,flare: give one option of 'cut'"),
        (["waist=wide"], "waist", "--select waist=wide: 'wide' is not a number"),
    ],
)
def test_select_errors_name_the_text(shop: Catalog, texts: list[str], where: str, message: str) -> None:
    with pytest.raises(SelectionError) as raised:
        parse_selects(shop.product(), texts)
    assert (raised.value.where, raised.value.message) == (where, message)


def test_json_refuses_a_value_of_no_choice_kind(shop: Catalog) -> None:
    with pytest.raises(SelectionError) as raised:
        parse_json(shop.product(), {"gift_wrap": True}, MAY)
    assert raised.value.where == "gift_wrap"


def test_resolve_locates_the_bad_choice(shop: Catalog) -> None:
    with pytest.raises(SelectionError) as raised:
        resolve(shop.product(), {"cut": "boot", "addons": ["glitter"]}, MAY)
    assert raised.value.where == "addons"
    assert raised.value.values == {"option": "glitter", "attribute": "addons"}


def test_a_resolved_selection_keeps_the_order_of_the_picks_and_completes_many_ofs(shop: Catalog) -> None:
    selection = resolve(shop.product(), {"waist": Decimal(32), "cut": "boot"}, MAY)
    assert list(selection.choices) == ["waist", "cut"]
    assert [item.attribute.id for item in selection.chosen] == ["cut", "waist"]
    assert selection.completed().choices == {"waist": Decimal(32), "cut": "boot", "addons": []}


def test_pricing_a_resolved_selection_equals_pricing_its_choices(shop: Catalog) -> None:
    choices: Choices = {"cut": "boot", "waist": Decimal(32), "addons": ["rivets"], "care": "basic"}
    resolved: ResolvedSelection = resolve(shop.product(), choices, MAY)
    context = Context(on=MAY)
    assert price(shop, resolved, context) == price(shop, Selection(choices=choices), context)
