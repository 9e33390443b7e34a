"""The catalog writer: YAML and JSON that load back as the same catalog, and read well."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.catalog import Catalog, load_catalog, load_catalog_text
from app.catalog.attributes import OneOf
from app.catalog.rules import Requires
from app.catalog.writer import dump_catalog
from tests.factories import PRICE_RULES, shop_catalog, shop_data

TRICKY_IDS = ["0", "-1", "010", "0x1F", "1_000", "1:30", "1e3", "1.5", "no", "yes", "on", "null", "~", "true", "(none)"]


def tricky_catalog() -> Catalog:
    """Option ids YAML 1.1 reads as numbers, booleans or null; a table and decimal numbers."""
    data: dict[str, Any] = {
        "id": "tricky",
        "products": [
            {
                "id": "p",
                "modules": [
                    {
                        "id": "m",
                        "attributes": [
                            {"id": "1", "kind": "one_of", "options": [{"id": i} for i in TRICKY_IDS]},
                            {"id": "-1", "kind": "one_of", "options": [{"id": "0"}, {"id": "1", "none": True}]},
                            {"id": "w", "kind": "numeric", "min": "0.1", "max": "1.1", "step": "0.1"},
                        ],
                    }
                ],
                "rules": [
                    {
                        "id": "t",
                        "kind": "table",
                        "message": "Not sold together",
                        "attributes": ["1", "-1"],
                        "allowed": "0 0\n-1 1\n010 *\n",
                    },
                    {
                        "id": "r",
                        "kind": "requires",
                        "message": "m",
                        "if": {"attribute": "1", "in": ["no", "010", "1:30"]},
                        "then": {"attribute": "w", "ge": "0.30000000000000000001"},
                    },
                ],
            }
        ],
    }
    return load_catalog_text(json.dumps(data))


@pytest.mark.parametrize("rules", [(), tuple(PRICE_RULES)])
def test_shop_round_trips_through_yaml_and_json(rules: tuple[str, ...]) -> None:
    catalog = shop_catalog(*rules)
    assert load_catalog_text(dump_catalog(catalog)) == catalog
    assert load_catalog_text(dump_catalog(catalog, json_format=True)) == catalog


def test_tricky_ids_and_numbers_round_trip() -> None:
    catalog = tricky_catalog()
    for json_format in (False, True):
        again = load_catalog_text(dump_catalog(catalog, json_format=json_format))
        assert again == catalog
        first = again.products[0].modules[0].attributes[0]
        assert isinstance(first, OneOf)
        assert [o.id for o in first.options] == TRICKY_IDS


def test_ids_are_quoted_only_where_yaml_would_misread_them() -> None:
    text = dump_catalog(tricky_catalog())
    for tricky in ("'0'", "'-1'", "'010'", "'1:30'", "'no'", "'null'", "'~'", "'1_000'"):
        assert f"id: {tricky}\n" in text
    assert "id: (none)\n" in text


def test_numbers_stay_numbers() -> None:
    text = dump_catalog(tricky_catalog())
    assert "min: 0.1\n" in text
    assert "step: 0.1\n" in text
    assert "ge: '0.30000000000000000001'" in text  # more digits than a float keeps: exact text
    shop = dump_catalog(shop_catalog("bulk"))
    assert "percent: 12.5\n" in shop
    assert "base_price: 5000\n" in shop
    document = json.loads(dump_catalog(shop_catalog("bulk"), json_format=True))
    assert document["products"][0]["price_rules"][0]["breaks"][1]["percent"] == 12.5


def test_table_tuples_are_a_literal_block() -> None:
    text = dump_catalog(tricky_catalog())
    assert "allowed: |\n      0 0\n      -1 1\n      010 *\n" in text


def test_defaults_are_left_out_and_kinds_kept() -> None:
    text = dump_catalog(shop_catalog())
    data = yaml.safe_load(text)
    cut = data["products"][0]["modules"][0]["attributes"][0]
    assert list(cut)[:2] == ["id", "kind"]
    assert cut["options"][0] == {"id": "classic", "label": "Classic"}
    assert "currency" not in data  # EUR is the default
    assert data["format"] == 1
    assert "none: false" not in text
    assert "min_count: 0" not in text


def test_validity_dates_come_last() -> None:
    data = yaml.safe_load(dump_catalog(shop_catalog()))
    retro = data["products"][0]["modules"][0]["attributes"][0]["options"][3]
    assert list(retro) == ["id", "label", "price", "valid_to"]


def test_short_id_lists_are_inline() -> None:
    text = dump_catalog(shop_catalog())
    assert "locales: [en, es]\n" in text
    assert "tier: [retain, grow, ordinary]\n" in text


def catalog_with(**product: Any) -> Catalog:
    """The shop catalog with some product fields replaced."""
    data = shop_data()
    data["products"][0].update(product)
    return load_catalog_text(yaml.safe_dump(data))


def test_text_that_cannot_be_a_block_still_round_trips() -> None:
    catalog = catalog_with(description="line one  \n\tline two \n")
    assert load_catalog_text(dump_catalog(catalog)) == catalog


def test_unicode_is_written_as_is() -> None:
    catalog = catalog_with(label={"en": "Jeans", "es": "Vaqueros a medida, señor"})
    assert "señor" in dump_catalog(catalog)
    assert "señor" in dump_catalog(catalog, json_format=True)


def test_decimal_zero_and_negative_numbers() -> None:
    catalog = catalog_with(base_properties={"weight_kg": "-0.25", "lead_days": "0.0"})
    text = dump_catalog(catalog)
    assert "weight_kg: -0.25\n" in text
    assert "lead_days: 0\n" in text
    assert load_catalog_text(text).products[0].base_properties["weight_kg"] == Decimal("-0.25")


def test_small_decimals_stay_numbers_in_yaml() -> None:
    attribute = {"id": "gap", "kind": "numeric", "min": 0, "max": "0.00002", "step": "0.00001"}
    condition = {"attribute": "gap", "equals": 0.00001}  # a float in the source document
    rule = {"id": "r", "kind": "requires", "message": "m", "then": condition}
    catalog = catalog_with(modules=[{"id": "m", "attributes": [attribute]}], rules=[rule])
    loaded_rule = catalog.products[0].rules[0]
    assert isinstance(loaded_rule, Requires)
    assert loaded_rule.then.model_dump()["equals"] == Decimal("0.00001")
    text = dump_catalog(catalog)
    assert "equals: 0.00001\n" in text
    assert "step: 0.00001\n" in text
    assert load_catalog_text(text) == catalog


def test_shipped_catalogs_round_trip(catalog_dir: Path) -> None:
    for path in sorted(catalog_dir.glob("*.yaml")):
        catalog = load_catalog(path)
        assert load_catalog_text(dump_catalog(catalog)) == catalog, path
        assert load_catalog_text(dump_catalog(catalog, json_format=True)) == catalog, path
