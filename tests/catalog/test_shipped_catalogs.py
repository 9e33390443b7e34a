"""The shipped catalogs: every file loads, the three demos use the whole format, speak en/es/pt, and sell."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from app.catalog import Catalog, load_catalog
from app.catalog.attributes import Attribute, ManyOf, Numeric, OneOf, PriceFormula, YesNo
from app.catalog.conditions import AttributeCondition, walk
from app.catalog.evaluate import check_configuration
from app.catalog.model import Module, Product
from app.catalog.options import Option
from app.catalog.price_rules import PriceRule
from app.catalog.rules import Eligibility, Excludes, Linear, Requires, Rule
from tests.catalog.shipped import ON, SHIPPED, configure, load_shipped, quote
from tests.conftest import CATALOG_DIR

CATALOG_FILES = sorted(path.name for path in CATALOG_DIR.glob("*") if path.suffix in (".yaml", ".yml", ".json"))
LOCALES = {"en", "es", "pt"}
TIERS = ["retain", "grow", "ordinary", "below_zero"]
CHANNELS = ["web", "call_centre", "shop", "field"]
SNAKE_CASE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def catalogs(catalog_dir: Path) -> dict[str, Catalog]:
    return {name: load_shipped(catalog_dir, name) for name in SHIPPED}


def kinds(union: Any) -> set[str]:
    """The `kind` tags of an annotated union of catalog models (`Rule`, `PriceRule`, `Attribute`)."""
    members = get_args(get_args(union)[0])
    return {get_args(member.model_fields["kind"].annotation)[0] for member in members}


def ordinary_customer(catalog: Catalog) -> dict[str, str]:
    """A customer of the ordinary tier in Spain on the web, in the catalog's first segment."""
    return {"tier": "ordinary", "segment": catalog.context["segment"][0], "region": "es", "channel": "web"}


# --- every file --------------------------------------------------------------------------


def test_the_three_demo_catalogs_are_shipped() -> None:
    assert {f"{name}.yaml" for name in SHIPPED} <= set(CATALOG_FILES)


@pytest.mark.parametrize("filename", CATALOG_FILES)
def test_every_catalog_file_loads(catalog_dir: Path, filename: str) -> None:
    catalog = load_catalog(catalog_dir / filename)

    assert catalog.products


# --- the whole format is used -----------------------------------------------------------


def test_every_rule_kind_is_used(catalogs: dict[str, Catalog]) -> None:
    used = {rule.kind for catalog in catalogs.values() for product in catalog.products for rule in product.rules}

    assert used == kinds(Rule) == {"requires", "excludes", "table", "linear", "cardinality", "eligibility"}


def test_every_price_rule_kind_is_used(catalogs: dict[str, Catalog]) -> None:
    used = {rule.kind for catalog in catalogs.values() for product in catalog.products for rule in product.price_rules}

    assert used == kinds(PriceRule) == {"tier_discount", "volume", "promotion"}


@pytest.mark.parametrize("name", SHIPPED)
def test_each_catalog_uses_every_attribute_kind(catalogs: dict[str, Catalog], name: str) -> None:
    product = catalogs[name].product()
    used = {attribute.kind for attribute in product.attributes()}

    assert used == kinds(Attribute)


@pytest.mark.parametrize("name", SHIPPED)
def test_each_catalog_has_a_service_level_and_a_payment_plan_driven_by_tier(
    catalogs: dict[str, Catalog], name: str
) -> None:
    product = catalogs[name].product()
    roles = {a.role: a for a in product.attributes() if isinstance(a, OneOf) and a.role}
    tier_gated = {
        atom.attribute
        for rule in product.rules
        if isinstance(rule, Eligibility) and any(getattr(c, "context", None) == "tier" for c in walk(rule.when))
        for atom in walk(rule.options)
        if isinstance(atom, AttributeCondition)
    }

    assert set(roles) == {"service", "payment"}
    assert all(len(attribute.options) >= 3 for attribute in roles.values())
    assert {roles["service"].id, roles["payment"].id} <= tier_gated


@pytest.mark.parametrize("name", SHIPPED)
def test_each_catalog_has_dated_options_prices_and_promotions(catalogs: dict[str, Catalog], name: str) -> None:
    product = catalogs[name].product()
    options = [o for a in product.attributes() if isinstance(a, OneOf | ManyOf) for o in a.options]

    assert any(option.valid_from or option.valid_to for option in options)
    assert any(option.prices for option in options)
    assert any(rule.kind == "promotion" and (rule.valid_from or rule.valid_to) for rule in product.price_rules)
    assert any(isinstance(a, Numeric) and a.price_formula for a in product.attributes())


def test_jeans_rules_use_every_kind_of_comparison(catalogs: dict[str, Catalog]) -> None:
    rules = catalogs["jeans"].product().rules
    atoms = [
        atom
        for rule in rules
        if isinstance(rule, Requires | Excludes)
        for condition in (rule.if_, rule.then)
        if condition is not None
        for atom in walk(condition)
        if isinstance(atom, AttributeCondition)
    ]

    assert {"equals", "in", "not_in"} <= {atom.operator for atom in atoms}
    assert {"lt", "le", "gt", "ge"} & {atom.operator for atom in atoms}
    assert any(isinstance(rule, Linear) and rule.if_ is not None for rule in rules)


# --- declarations and texts ---------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_each_catalog_declares_currency_locales_and_customer_context(catalogs: dict[str, Catalog], name: str) -> None:
    catalog = catalogs[name]

    assert (catalog.format, catalog.id, catalog.currency) == (1, name, "EUR")
    assert catalog.locales == ["en", "es", "pt"]
    assert list(catalog.context) == ["tier", "segment", "region", "channel"]
    assert catalog.context["tier"] == TIERS
    assert catalog.context["channel"] == CHANNELS
    assert {"es", "pt"} < set(catalog.context["region"])
    assert len(catalog.context["segment"]) >= 3


def texts(node: object, path: str = "") -> Iterator[tuple[str, object]]:
    """Every label, description and message in a catalog model, with where it is."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name in ("label", "description", "message"):
                if value is not None:
                    yield f"{path}.{name}", value
            else:
                yield from texts(value, f"{path}.{name}")
        if isinstance(node, YesNo):
            yield from texts(node.options, f"{path}.options")
    elif isinstance(node, list | tuple):
        for index, item in enumerate(node):
            yield from texts(item, f"{path}[{getattr(item, 'id', index)}]")


@pytest.mark.parametrize("name", SHIPPED)
def test_every_text_is_in_english_spanish_and_portuguese(catalogs: dict[str, Catalog], name: str) -> None:
    found = list(texts(catalogs[name]))
    untranslated = [
        path
        for path, text in found
        if not isinstance(text, dict) or set(text) != LOCALES or not all(value.strip() for value in text.values())
    ]

    assert len(found) > 50
    assert untranslated == []


Labelled = Catalog | Product | Module | OneOf | ManyOf | YesNo | Numeric | Option | PriceFormula
"""The parts a customer sees by name."""


def labelled(node: object) -> Iterator[Labelled]:
    """Every part a customer sees by name: catalog, products, modules, attributes, options, formula lines."""
    if isinstance(node, Labelled):
        yield node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from labelled(getattr(node, name))
    elif isinstance(node, list):
        for item in node:
            yield from labelled(item)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_customer_facing_part_has_a_label(catalogs: dict[str, Catalog], name: str) -> None:
    unlabelled = [getattr(part, "id", "?") for part in labelled(catalogs[name]) if part.label is None]

    assert unlabelled == []


def ids(catalog: Catalog) -> Iterator[str]:
    """Every id and property name the catalog defines."""
    yield catalog.id
    for product in catalog.products:
        yield product.id
        yield from product.base_properties
        for module in product.modules:
            yield module.id
            for attribute in module.attributes:
                yield attribute.id
                if isinstance(attribute, Numeric):
                    yield from (formula.id for formula in attribute.price_formula)
                else:
                    for option in attribute.options:
                        yield option.id
                        yield from option.properties
        yield from (rule.id for rule in product.rules)
        yield from (rule.id for rule in product.price_rules)


@pytest.mark.parametrize("name", SHIPPED)
def test_ids_are_snake_case(catalogs: dict[str, Catalog], name: str) -> None:
    assert [i for i in ids(catalogs[name]) if not SNAKE_CASE.match(i)] == []


# --- they sell ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_the_defaults_are_a_valid_configuration_for_an_ordinary_customer(
    catalogs: dict[str, Catalog], name: str
) -> None:
    catalog = catalogs[name]
    product = catalog.product()

    assert check_configuration(product, configure(product), ordinary_customer(catalog), ON) == []


@pytest.mark.parametrize("name", SHIPPED)
def test_the_defaults_sell_at_a_profit(catalogs: dict[str, Catalog], name: str) -> None:
    catalog = catalogs[name]
    breakdown = quote(catalog, {}, ordinary_customer(catalog))

    assert breakdown.total > 0
    assert breakdown.margin.amount > 0


@pytest.mark.parametrize("name", SHIPPED)
def test_every_priced_option_costs_less_than_it_sells_for(catalogs: dict[str, Catalog], name: str) -> None:
    product = catalogs[name].product()
    options = [o for a in product.attributes() if isinstance(a, OneOf | ManyOf | YesNo) for o in a.options]
    loss_makers = [o.id for o in options if o.price and not 0 < o.cost < min([o.price, *(p.price for p in o.prices)])]

    assert product.base_cost < product.base_price
    assert loss_makers == []
