"""The seeds' jeans: 30 styles x 49,500 sizes = 1,485,000 jeans, every one valid, and the rules around them."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.catalog import Catalog, Product
from app.catalog.attributes import Attribute, ManyOf, Numeric, OneOf
from app.catalog.base import Dated
from app.catalog.conditions import AttributeCondition, Condition, ContextCondition, walk
from app.catalog.configuration import Choice
from app.catalog.evaluate import Choices, check_configuration, condition_holds, rule_holds
from app.catalog.options import Option
from app.catalog.rules import Cardinality, Eligibility, Excludes, Linear, Requires, Rule, Table, rule_conditions
from tests.catalog.shipped import ON, Changes, broken, defaults, load_shipped, quote

ORDINARY = {"tier": "ordinary", "segment": "consumer", "region": "es", "channel": "web"}
MINIMAL: Choices = {"wash": "rinse", "addons": [], "gift_wrap": "no", "service": "standard", "payment": "pay_now"}
"""The minimal completion: no extras, the free service level, pay now (the catalog's defaults)."""


@pytest.fixture(scope="module")
def catalog(catalog_dir: Path) -> Catalog:
    return load_shipped(catalog_dir, "jeans")


@pytest.fixture(scope="module")
def jeans(catalog: Catalog) -> Product:
    return catalog.product("jeans")


def domain(attribute: Attribute) -> list[Choice]:
    """Every value of a style or size attribute: option ids, or all the numbers."""
    if isinstance(attribute, Numeric):
        return list(attribute.values())
    assert isinstance(attribute, OneOf), f"style and size attributes are one-of or numeric, not {attribute.kind}"
    return [option.id for option in attribute.options]


def module_domains(product: Product, *module_ids: str) -> dict[str, list[Choice]]:
    """The domains of the attributes of these modules, by attribute id."""
    return {a.id: domain(a) for m in product.modules if m.id in module_ids for a in m.attributes}


# --- the seeds' numbers ---------------------------------------------------------------------


def test_30_styles_from_leg_cut_opening_and_closure(jeans: Product) -> None:
    styles = module_domains(jeans, "style")

    assert {attribute: len(values) for attribute, values in styles.items()} == {"fit": 5, "opening": 3, "closure": 2}
    assert math.prod(len(values) for values in styles.values()) == 30


def test_49500_sizes_from_bagginess_seat_waist_and_inseam(jeans: Product) -> None:
    sizes = module_domains(jeans, "size")

    assert {attribute: len(values) for attribute, values in sizes.items()} == {
        "bagginess": 5,
        "seat": 18,
        "waist": 22,
        "inseam": 25,
    }
    assert math.prod(len(values) for values in sizes.values()) == 49_500


def test_1485000_jeans(jeans: Product) -> None:
    assert math.prod(len(values) for values in module_domains(jeans, "style", "size").values()) == 1_485_000


# --- no rule restricts style x size on its own ------------------------------------------------


def guards(rule: Rule) -> list[Condition]:
    """Conditions whose being false is enough for the rule to hold."""
    if isinstance(rule, Requires | Linear):
        return [rule.if_] if rule.if_ is not None else []
    if isinstance(rule, Excludes):
        return [rule.if_, rule.then]
    if isinstance(rule, Eligibility):
        return [rule.options]
    return []


def attributes_in(condition: Condition) -> set[str]:
    return {atom.attribute for atom in walk(condition) if isinstance(atom, AttributeCondition)}


def context_keys(rule: Rule) -> list[str]:
    return sorted({a.context for c in rule_conditions(rule) for a in walk(c) if isinstance(a, ContextCondition)})


def carries(option: Option, name: str) -> bool:
    if name == "price":
        return bool(option.price or option.prices)
    if name == "cost":
        return bool(option.cost)
    return name in option.properties


def carriers(product: Product, name: str, within: list[str] | None) -> set[str]:
    """The attributes whose choice changes the sum of property `name` (formula lines count for price and cost)."""
    found = set()
    for attribute in product.attributes():
        if within is not None and attribute.id not in within:
            continue
        if isinstance(attribute, Numeric):
            if name in ("price", "cost") and attribute.price_formula:
                found.add(attribute.id)
        elif any(carries(option, name) for option in attribute.options):
            found.add(attribute.id)
    return found


def depends_on(product: Product, rule: Rule) -> set[str]:
    """Every attribute whose value can change whether `rule` holds."""
    found = set().union(*(attributes_in(c) for c in rule_conditions(rule)))
    if isinstance(rule, Table):
        found |= set(rule.attributes)
    elif isinstance(rule, Cardinality):
        found.add(rule.attribute)
    elif isinstance(rule, Linear):
        for term in rule.terms:
            if term.attribute is not None:
                found.add(term.attribute)
            else:
                assert term.property is not None
                found |= carriers(product, term.property, term.attributes)
    return found


def contexts_for(rule: Rule, declared: dict[str, list[str]]) -> Iterator[dict[str, str]]:
    """Every customer context that can matter to `rule`: each key it tests at every value, or unknown."""
    keys = context_keys(rule)
    for values in itertools.product(*([*declared[key], None] for key in keys)):
        yield {key: value for key, value in zip(keys, values, strict=True) if value is not None}


def effective_days(product: Product) -> list[date]:
    """One day in each period between effective dates (and one before them all)."""
    things: list[Dated] = [product, *product.rules, *product.price_rules]
    for attribute in product.attributes():
        if isinstance(attribute, OneOf | ManyOf):
            for option in attribute.options:
                things.extend([option, *option.prices])
    cuts = {thing.valid_from for thing in things if thing.valid_from}
    cuts |= {thing.valid_to + timedelta(days=1) for thing in things if thing.valid_to}
    return sorted({min(cuts) - timedelta(days=1), *cuts})


WITNESS_LIMIT = 5_000
"""The most style-size values one rule's witness may enumerate (a bigger one is a sign to guard the rule)."""


def counter_example(
    product: Product,
    rule: Rule,
    minimal: Choices,
    style_size: dict[str, list[Choice]],
    declared: dict[str, list[str]],
    day: date,
) -> str | None:
    """A style-size combination that `rule` forbids with the minimal completion, or None when there is none."""
    mentioned = sorted(depends_on(product, rule) & set(style_size))
    anywhere = {**minimal, **{attribute: values[0] for attribute, values in style_size.items()}}
    for context in contexts_for(rule, declared):
        if any(
            not attributes_in(guard) & set(style_size) and not condition_holds(guard, anywhere, context)
            for guard in guards(rule)
        ):
            continue
        size = math.prod(len(style_size[attribute]) for attribute in mentioned)
        assert size <= WITNESS_LIMIT, f"{rule.id}: {size} combinations of {mentioned} to check"
        for values in itertools.product(*(style_size[attribute] for attribute in mentioned)):
            choices = {**anywhere, **dict(zip(mentioned, values, strict=True))}
            if not rule_holds(product, rule, choices, context, day):
                return f"{rule.id} forbids {dict(zip(mentioned, values, strict=True))} for {context} on {day}"
    return None


def test_the_minimal_completion_is_the_defaults_outside_style_and_size(jeans: Product) -> None:
    style_size = module_domains(jeans, "style", "size")

    assert {key: value for key, value in defaults(jeans).items() if key not in style_size} == MINIMAL


def test_no_rule_restricts_style_and_size_on_its_own(catalog: Catalog, jeans: Product) -> None:
    """All 1,485,000 style-size combinations are valid, shown rule by rule without enumerating them.

    Fix the minimal completion M (no extras, rinse wash, no gift wrap, standard care, pay now)
    and pick any style-size combination s. M + s is a valid configuration when every rule holds
    on it, for every customer context and on every date. Whether a rule holds depends only on
    the date, on the context keys it tests and on the attributes it depends on: those its
    conditions mention, a table's columns, a cardinality's attribute, and for a linear rule its
    numeric terms and every attribute whose options carry a summed property (for `price` and
    `cost`: every priced option and every price formula). Everything else is fixed by M. So for
    each rule, in each period between effective dates and for each value of each context key it
    tests (or none given):
    - if a condition whose falsity makes the rule hold (the `if` of requires and linear, either
      side of excludes, the options of eligibility) mentions no style or size attribute and is
      false under M, the rule holds for every s;
    - otherwise enumerate only the style and size attributes the rule depends on, every value of
      each (a few dozen combinations at most), and check the rule on each.
    """
    style_size = module_domains(jeans, "style", "size")
    minimal = {key: value for key, value in defaults(jeans).items() if key not in style_size}
    days = effective_days(jeans)

    found = [
        example
        for rule in jeans.rules
        for day in days
        if (example := counter_example(jeans, rule, minimal, style_size, catalog.context, day)) is not None
    ]

    assert len(days) >= 5
    assert found == []


def test_the_witness_catches_a_rule_that_restricts_style_and_size(catalog: Catalog, jeans: Product) -> None:
    flare = Requires.model_validate(
        {
            "id": "flare_inseam",
            "kind": "requires",
            "message": "Flare legs need an inseam of 30 in or more",
            "if": {"attribute": "opening", "equals": "flare"},
            "then": {"attribute": "inseam", "ge": 30},
        }
    )
    style_size = module_domains(jeans, "style", "size")

    example = counter_example(jeans, flare, MINIMAL, style_size, catalog.context, ON)

    assert example is not None
    assert example.startswith("flare_inseam forbids {'inseam': Decimal('26.0'), 'opening': 'flare'}")


def test_sampled_style_size_combinations_are_valid_for_every_tier(catalog: Catalog, jeans: Product) -> None:
    style_size = module_domains(jeans, "style", "size")
    corners = [{a: values[0] for a, values in style_size.items()}, {a: values[-1] for a, values in style_size.items()}]
    generator = random.Random(1485000)
    sample = corners + [{a: generator.choice(values) for a, values in style_size.items()} for _ in range(300)]

    invalid = [
        (tier, day, combination)
        for tier in catalog.context["tier"]
        for day in effective_days(jeans)
        for combination in sample
        if check_configuration(jeans, {**MINIMAL, **combination}, {**ORDINARY, "tier": tier}, day)
    ]

    assert invalid == []


# --- hand-picked configurations ---------------------------------------------------------------

RICH: Changes = {
    "fit": "straight",
    "opening": "flare",
    "closure": "buttoned",
    "bagginess": "slim",
    "seat": 40,
    "waist": 42,
    "inseam": 35,
    "wash": "raw",
    "addons": ["selvedge_finish", "reinforced_knees", "initials"],
    "service": "express",
    "payment": "finance_12",
}
"""A valid high-end pair for a retained customer in Portugal: 161 euros, financed, 21 days to make."""


@pytest.mark.parametrize(
    ("changes", "context", "on", "expected"),
    [
        pytest.param({}, ORDINARY, ON, [], id="defaults"),
        pytest.param(RICH, {**ORDINARY, "tier": "retain", "region": "pt"}, ON, [], id="rich, retained customer"),
        pytest.param(RICH, {**ORDINARY, "tier": "retain"}, date(2027, 6, 1), [], id="rich in 2027"),
        pytest.param(
            {"addons": ["turn_up_hem", "phone_pocket"], "gift_wrap": "yes", "payment": "pay_in_3", "inseam": 30},
            {**ORDINARY, "tier": "below_zero"},
            ON,
            [],
            id="hem at 30 in, pay in 3",
        ),
        pytest.param({"service": "express"}, ORDINARY, ON, ["express_for_retain"], id="express, ordinary"),
        pytest.param({"service": "express"}, {}, ON, ["express_for_retain"], id="express, unknown customer"),
        pytest.param({"payment": "finance_12"}, ORDINARY, ON, ["financing_minimum"], id="financing under 150"),
        pytest.param(
            {**RICH, "service": "standard"},
            {**ORDINARY, "tier": "below_zero"},
            ON,
            ["financing_by_tier"],
            id="financing, below zero",
        ),
        pytest.param(
            {"payment": "pay_in_3", "addons": ["reinforced_knees"]},
            {**ORDINARY, "region": "fr"},
            ON,
            ["instalments_by_region"],
            id="pay in 3 in France",
        ),
        pytest.param({"payment": "pay_in_3"}, ORDINARY, ON, ["pay_in_3_minimum"], id="pay in 3 under 100"),
        pytest.param({"addons": ["turn_up_hem"], "inseam": 29.5}, ORDINARY, ON, ["hem_needs_inseam"], id="hem"),
        pytest.param({"addons": ["reinforced_knees"], "fit": "tapered"}, ORDINARY, ON, ["knees_need_roomy_fit"]),
        pytest.param({"addons": ["stretch_lining"], "bagginess": "baggy"}, ORDINARY, ON, ["lining_for_close_fits"]),
        pytest.param({"addons": ["rivet_upgrade"]}, ORDINARY, ON, ["copper_rivets_button_fly"], id="rivets, zip"),
        pytest.param(
            {"addons": ["selvedge_finish"], "inseam": 37}, ORDINARY, date(2027, 1, 1), ["selvedge_inseam_2027"]
        ),
        pytest.param({"addons": ["selvedge_finish"], "inseam": 37}, ORDINARY, ON, [], id="selvedge 37 in, 2026"),
        pytest.param({"fit": "low_cut", "addons": ["phone_pocket"]}, ORDINARY, ON, ["low_cut_no_phone_pocket"]),
        pytest.param({"addons": ["distressing", "reinforced_knees"]}, ORDINARY, ON, ["distressed_no_knees"]),
        pytest.param({"wash": "raw", "addons": ["distressing"]}, ORDINARY, ON, ["raw_not_distressed"]),
        pytest.param({"waist": 45, "addons": ["stretch_lining"]}, ORDINARY, ON, ["lining_up_to_44"]),
        pytest.param({"fit": "tapered", "bagginess": "skinny", "wash": "raw"}, ORDINARY, ON, ["raw_denim_fits"]),
        pytest.param({"fit": "tapered", "bagginess": "regular", "wash": "raw"}, ORDINARY, ON, [], id="raw, regular"),
        pytest.param({"addons": ["stretch_lining", "selvedge_finish"]}, ORDINARY, ON, ["one_fabric_finish"]),
        pytest.param(
            {"addons": ["selvedge_finish", "reinforced_knees", "initials", "phone_pocket"]},
            ORDINARY,
            ON,
            ["lead_time_21_days"],
            id="23 days of work",
        ),
        pytest.param(
            {"addons": ["reinforced_knees", "stretch_lining"], "gift_wrap": "yes"},
            ORDINARY,
            ON,
            ["gift_box_weight"],
            id="940 g in the gift box",
        ),
        pytest.param(
            {"addons": ["selvedge_finish"]},
            ORDINARY,
            date(2026, 2, 28),
            ["addons: option 'selvedge_finish' of 'addons' is not available on 2026-02-28"],
            id="selvedge before its launch",
        ),
        pytest.param(
            {"addons": ["initials", "phone_pocket", "turn_up_hem", "rivet_upgrade", "reinforced_knees"]},
            ORDINARY,
            ON,
            ["addons: 'addons' takes 0 to 4 options"],
            id="five extras",
        ),
    ],
)
def test_configuration(
    jeans: Product, changes: Changes, context: dict[str, str], on: date, expected: list[str]
) -> None:
    assert broken(jeans, changes, context, on) == expected


# --- prices --------------------------------------------------------------------------------------


def applied(
    catalog: Catalog, changes: Changes, context: dict[str, str], on: date = ON, quantity: int = 1
) -> dict[str, int]:
    """The price rules that took something off: id -> discount in cents."""
    return {rule.id: rule.discount for rule in quote(catalog, changes, context, on, quantity).price_rules}


def test_plain_jeans_cost_89_euros_with_no_discount(catalog: Catalog) -> None:
    breakdown = quote(catalog, {}, ORDINARY)

    assert (breakdown.total, breakdown.discount, breakdown.margin.goods_unit_cost) == (8900, 0, 3200)


def test_formula_lines_price_large_sizes_per_inch(catalog: Catalog) -> None:
    lines = quote(catalog, {"seat": 48, "waist": 42, "inseam": 35.5}, ORDINARY).lines
    formulas = {line.formula: line.unit_price for line in lines if line.kind == "formula"}

    assert formulas == {"large_seat": 240, "large_waist": 300, "long_leg": 150}


def test_selvedge_has_a_launch_price(catalog: Catalog) -> None:
    def selvedge(on: date) -> int:
        lines = quote(catalog, {"addons": ["selvedge_finish"]}, ORDINARY, on).lines
        return next(line.unit_price for line in lines if line.option == "selvedge_finish")

    assert (selvedge(date(2026, 3, 15)), selvedge(ON)) == (1990, 2500)


@pytest.mark.parametrize(
    ("changes", "context", "on", "quantity", "expected"),
    [
        pytest.param({}, {**ORDINARY, "tier": "retain"}, ON, 1, {"loyalty": 890}, id="retain 10 %"),
        pytest.param({}, {**ORDINARY, "tier": "grow"}, ON, 1, {"loyalty": 445}, id="grow 5 %"),
        pytest.param({}, ORDINARY, ON, 2, {"more_pairs": 890}, id="2 pairs 5 %"),
        pytest.param({}, ORDINARY, ON, 4, {"more_pairs": 3560}, id="4 pairs 10 %"),
        pytest.param({}, {**ORDINARY, "segment": "student"}, ON, 1, {"student": 890}, id="student 10 %"),
        pytest.param({}, ORDINARY, date(2026, 11, 28), 1, {"black_friday_2026": 1780}, id="Black Friday"),
        pytest.param(
            {"addons": ["initials"], "gift_wrap": "yes"},
            ORDINARY,
            date(2026, 12, 10),
            1,
            {"christmas_initials_2026": 500},
            id="Christmas gift set",
        ),
        pytest.param({"addons": ["initials"]}, ORDINARY, date(2026, 12, 10), 1, {}, id="no gift wrap, no gift set"),
    ],
)
def test_price_rules(
    catalog: Catalog, changes: Changes, context: dict[str, str], on: date, quantity: int, expected: dict[str, int]
) -> None:
    assert applied(catalog, changes, context, on, quantity) == expected


def test_financing_is_offered_on_the_rich_pair(catalog: Catalog) -> None:
    breakdown = quote(catalog, RICH, {**ORDINARY, "tier": "retain", "region": "pt"})

    assert breakdown.payment is not None
    assert breakdown.payment.option == "finance_12"
    assert breakdown.total == 16100 - 1610 + 2900  # list price, loyalty 10 %, express care fee
    assert breakdown.margin.amount > 0
    assert breakdown.payment.down_payment == 1739  # 10 % down
    assert breakdown.payment.instalments == 12
