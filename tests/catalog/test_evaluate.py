"""The plain-Python checker: every rule kind holds, fails when violated, and holds otherwise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.catalog import load_catalog_text
from app.catalog.evaluate import Choices, check_configuration, property_sum, rule_holds

CATALOG = """\
id: bikes
context: {tier: [retain, ordinary]}
products:
  - id: bike
    base_price: 50000
    base_cost: 20000
    base_properties: {weight_kg: 7}
    modules:
      - id: frame
        attributes:
          - {id: height, kind: numeric, min: 150, max: 200, step: 5, unit: cm}
          - {id: frame, kind: numeric, min: 44, max: 64, step: 2, unit: cm,
             price_formula: [{id: tall, per_unit: 1500, above: 58}]}
          - id: material
            kind: one_of
            options:
              - {id: steel, price: 0, properties: {weight_kg: 4}}
              - {id: carbon, price: 90000, properties: {weight_kg: 1.5}}
      - id: extras
        attributes:
          - id: extras
            kind: many_of
            options:
              - {id: rack, price: 4000, properties: {weight_kg: 2}}
              - {id: lights, price: 3000, properties: {weight_kg: 0.5}}
              - {id: motor, price: 150000, properties: {weight_kg: 8}}
              - {id: bottle, price: 1500, properties: {weight_kg: 0.2}}
          - {id: bell, kind: yes_no, price: 900, properties: {weight_kg: 0.1}}
          - id: service
            kind: one_of
            role: service
            options:
              - {id: basic, service: {annual_fee: 0, response_hours: 72}}
              - {id: express, service: {annual_fee: 9900, response_hours: 8}}
    rules:
      - {id: carbon_no_rack, kind: excludes, message: Carbon frames take no rack,
         if: {attribute: material, equals: carbon}, then: {attribute: extras, equals: rack}}
      - {id: motor_lights, kind: requires, message: E-bikes need lights,
         if: {attribute: extras, in: [motor]}, then: {attribute: extras, equals: lights}}
      - {id: pairs, kind: table, message: Not sold together, attributes: [material, frame],
         forbidden: [[carbon, 44], [carbon, 46]]}
      - {id: fit, kind: linear, message: The frame must fit the rider,
         terms: [{attribute: frame}, {attribute: height, coef: -0.36}], op: ">=", rhs: -8}
      - {id: weight, kind: linear, message: At most 19 kg,
         terms: [{property: weight_kg}], op: "<=", rhs: 19}
      - {id: two_extras, kind: cardinality, message: Two extras at most, attribute: extras, max: 2}
      - {id: express_retain, kind: eligibility, message: Express service is for our most valued customers,
         options: {attribute: service, equals: express}, when: {context: tier, equals: retain}}
      - {id: winter_only, kind: requires, message: No bells in winter, valid_from: 2026-12-01,
         valid_to: 2027-02-28, then: {attribute: bell, equals: "no"}}
"""
PRODUCT = load_catalog_text(CATALOG).product()
ON = date(2026, 6, 1)
BASE: Choices = {
    "height": Decimal(175),
    "frame": Decimal(56),
    "material": "steel",
    "extras": [],
    "bell": "no",
    "service": "basic",
}


def violated(changes: Choices, context: dict[str, str] | None = None, on: date = ON) -> list[str | None]:
    choices = {**BASE, **changes}
    return [v.rule or v.attribute for v in check_configuration(PRODUCT, choices, context or {}, on)]


def test_base_configuration_is_valid() -> None:
    assert violated({}) == []


@pytest.mark.parametrize(
    ("changes", "context", "expected"),
    [
        # excludes: holds when 'if' is false, fails when both hold, holds otherwise
        ({"material": "carbon", "frame": Decimal(56)}, {}, []),
        ({"material": "carbon", "extras": ["rack"]}, {}, ["carbon_no_rack"]),
        ({"material": "steel", "extras": ["rack"]}, {}, []),
        # requires on a many-of
        ({"extras": ["motor"], "material": "carbon"}, {}, ["motor_lights"]),
        ({"extras": ["motor", "lights"], "material": "carbon"}, {}, []),
        # forbidden table tuples
        ({"material": "carbon", "frame": Decimal(46), "height": Decimal(150)}, {}, ["pairs"]),
        ({"material": "steel", "frame": Decimal(46), "height": Decimal(150)}, {}, []),
        # linear over numeric attributes: frame >= 0.36 * height - 8
        ({"height": Decimal(200), "frame": Decimal(62)}, {}, ["fit"]),
        ({"height": Decimal(200), "frame": Decimal(64)}, {}, []),
        # linear over a property: 7 base + 1.5 carbon + 8 motor + 0.5 lights + 0.1 bell = 17.1; steel 19.6
        ({"material": "carbon", "extras": ["motor", "lights"], "bell": "yes"}, {}, []),
        ({"extras": ["motor", "lights"], "bell": "yes"}, {}, ["weight"]),
        # cardinality
        ({"extras": ["rack", "lights", "bottle"]}, {}, ["two_extras"]),
        # eligibility by customer context (a missing key matches nothing)
        ({"service": "express"}, {"tier": "retain"}, []),
        ({"service": "express"}, {"tier": "ordinary"}, ["express_retain"]),
        ({"service": "express"}, {}, ["express_retain"]),
    ],
)
def test_rule_kinds(changes: Choices, context: dict[str, str], expected: list[str]) -> None:
    assert violated(changes, context) == expected


def test_rules_hold_outside_their_dates() -> None:
    assert violated({"bell": "yes"}, on=date(2026, 6, 1)) == []
    assert violated({"bell": "yes"}, on=date(2027, 1, 15)) == ["winter_only"]
    rule = next(r for r in PRODUCT.rules if r.id == "winter_only")
    assert rule_holds(PRODUCT, rule, {**BASE, "bell": "yes"}, {}, date(2027, 3, 1))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"frame": Decimal(57)}, "57 is not a value of 'frame'"),
        ({"material": "bamboo"}, "unknown option 'bamboo' for 'material'"),
        ({"extras": "rack"}, "wrong kind of value for 'extras'"),
        ({"colour": "red"}, "unknown attribute 'colour'"),
    ],
)
def test_bad_choices(changes: Choices, expected: str) -> None:
    messages = [v.message for v in check_configuration(PRODUCT, {**BASE, **changes}, {}, ON)]
    assert messages == [expected]


def test_missing_choice() -> None:
    choices = dict(BASE)
    del choices["bell"]
    assert [v.message for v in check_configuration(PRODUCT, choices, {}, ON)] == ["no choice for 'bell'"]


def test_property_sums_include_base_formulas_and_yes_no() -> None:
    choices = {**BASE, "frame": Decimal(62), "material": "carbon", "extras": ["lights"], "bell": "yes"}
    # 50000 base + 90000 carbon + 3000 lights + 900 bell + 1500 * (62 - 58) formula
    assert property_sum(PRODUCT, choices, "price", ON) == Decimal(149900)
    assert property_sum(PRODUCT, choices, "weight_kg", ON) == Decimal("9.1")
    assert property_sum(PRODUCT, choices, "weight_kg", ON, ["extras"]) == Decimal("0.5")
