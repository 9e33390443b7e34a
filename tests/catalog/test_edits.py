"""Changing a catalog document one part at a time: finding parts and their field paths, form values
and back (options, rules, grids, attributes, price rules), problems put on their fields."""

from __future__ import annotations

from typing import Any

import pytest

from app.catalog import edits
from app.catalog.form_values import OPTION_FIELDS, option_of, option_values
from app.catalog.part_forms import attribute_of, price_rule_of
from app.catalog.rule_forms import grid_cells, grid_rule, rule_fields, rule_of, rule_values


def document() -> dict[str, Any]:
    wash = {"id": "wash", "kind": "one_of", "options": [{"id": "rinse"}, {"id": "raw", "price": 1000}]}
    fit = {"id": "fit", "kind": "one_of", "options": [{"id": "slim"}, {"id": "loose"}]}
    rules = [
        {"id": "t", "kind": "table", "message": "x", "attributes": ["wash", "fit"], "forbidden": [["raw", "slim"]]}
    ]
    modules = [{"id": "style", "attributes": [fit]}, {"id": "addons", "attributes": [wash]}]
    return {"id": "c", "products": [{"id": "p", "modules": modules, "rules": rules}]}


def test_parts_are_found_by_id_with_their_field_paths() -> None:
    doc = document()
    assert edits.option(doc, "p", "wash", "raw").path == "products[0].modules[1].attributes[0].options[1]"
    assert edits.option(doc, "p", "wash", None).path == "products[0].modules[1].attributes[0].options[2]"
    assert edits.attribute(doc, "p", None, "style").path == "products[0].modules[0].attributes[1]"
    assert edits.product_part(doc, "p", "price-rules", None).path == "products[0].price_rules[0]"
    with pytest.raises(edits.PartNotFoundError):
        edits.option(doc, "p", "wash", "nope")


def test_a_change_applies_to_a_copy() -> None:
    doc = document()
    new = edits.changed(doc, lambda d: edits.remove(edits.option(d, "p", "wash", "raw")))
    assert [o["id"] for o in new["products"][0]["modules"][1]["attributes"][0]["options"]] == ["rinse"]
    assert len(doc["products"][0]["modules"][1]["attributes"][0]["options"]) == 2


def test_loader_paths_map_to_form_fields() -> None:
    part = "products[0].modules[1].attributes[0].options[1]"
    fields = {name: name for name in OPTION_FIELDS}
    assert edits.field_of(part + ".price", part, fields) == "price"
    assert edits.field_of(part + ".label.es", part, fields) == "label_es"
    assert edits.field_of(part + ".service.annual_fee", part, fields) == "service_annual_fee"
    assert edits.field_of(part, part, fields) == "id"
    assert edits.field_of("products[0].rules[0]", part, fields) is None
    rule = "products[0].rules[3]"
    assert edits.field_of(rule + ".then.in[1]", rule, rule_fields("excludes")) == "then_values"


def test_an_option_as_form_values_and_back() -> None:
    old = {"id": "raw", "price": 1000, "prices": [{"price": 900}]}
    values = option_values(old)
    assert values["price"] == "10.00"
    option, problems = option_of({**values, "label_es": "Crudo", "cost": "4,5", "properties": "lead_days=2"}, old)
    assert not problems
    assert option == {"id": "raw", "price": 1000, "prices": [{"price": 900}], "label": {"es": "Crudo"}, "cost": 450,
                      "properties": {"lead_days": 2}}  # fmt: skip


def test_bad_text_is_a_problem_at_its_field() -> None:
    _, problems = option_of({"id": "", "price": "abc", "cost": "1.234", "payment_instalments": "2.5"}, {})
    assert {(p.field, p.template) for p in problems} == {
        ("id", "this field is required"), ("price", "'{value}' is not a number"),
        ("cost", "at most {count} decimals"), ("payment_instalments", "give a whole number")}  # fmt: skip


def test_an_excludes_rule_from_its_form() -> None:
    values = {"id": "r", "message_en": "No.", "if_subject": "wash", "if_op": "equals", "if_values": "raw",
              "then_subject": "context:tier", "then_op": "in", "then_values": "grow, retain"}  # fmt: skip
    rule, problems = rule_of(values, {"kind": "excludes"})
    assert not problems
    assert rule == {
        "id": "r",
        "kind": "excludes",
        "message": {"en": "No."},
        "if": {"attribute": "wash", "equals": "raw"},
        "then": {"context": "tier", "in": ["grow", "retain"]},
    }
    assert rule_values(rule)["then_subject"] == "context:tier"
    compound = rule_values({"kind": "requires", "then": {"all": [{"attribute": "a", "equals": "x"}]}})
    assert "then_json" in compound


def test_a_grid_reads_and_writes_a_table() -> None:
    table = document()["products"][0]["rules"][0]
    rows, columns = ["rinse", "raw"], ["slim", "loose"]
    assert grid_cells(table, rows, columns) == {(0, 0), (0, 1), (1, 1)}
    assert grid_rule(table, rows, columns, {(0, 1), (1, 1)})["forbidden"] == [["rinse", "slim"], ["raw", "slim"]]
    allowed = {**table, "allowed": [["*", "loose"]]}
    del allowed["forbidden"]
    assert grid_cells(allowed, rows, columns) == {(0, 1), (1, 1)}


def test_attributes_and_price_rules_from_their_forms() -> None:
    numeric, problems = attribute_of({"id": "rise", "min": "8", "max": "12", "step": "0.5"}, {"kind": "numeric"})
    assert not problems
    assert numeric == {"id": "rise", "kind": "numeric", "min": 8, "max": 12, "step": 0.5}
    _, refused = attribute_of({"id": "x"}, {"kind": "bogus"})
    assert refused[0].field == "kind"
    volume, problems = price_rule_of({"id": "v", "label_en": "Bulk", "breaks": "5=10, 10=15"}, {"kind": "volume"})
    assert volume["breaks"] == [{"min_quantity": 5, "percent": 10}, {"min_quantity": 10, "percent": 15}]
