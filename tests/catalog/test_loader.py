"""Loader errors: one test per kind of problem, each with its message and its position."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from app.catalog import CatalogError, CatalogIssue, load_catalog, load_catalog_text
from app.catalog.attributes import OneOf

HEADER = """\
id: demo
currency: EUR
context:
  tier: [retain, ordinary]
products:
  - id: jeans
    modules:
      - id: style
        attributes:
"""
# Line numbers: the header is 9 lines, so the first attribute starts on line 10.

FIT = """\
          - id: fit
            kind: one_of
            options:
              - {id: relaxed, price: 100}
              - {id: classic}
"""
WAIST = """\
          - id: waist
            kind: numeric
            min: 26
            max: 47
"""
ADDONS = """\
          - id: addons
            kind: many_of
            options: [{id: initials}, {id: hem}]
"""


def problems(text: str) -> list[CatalogIssue]:
    """The problems the loader reports for `text` (fails the test when it loads)."""
    with pytest.raises(CatalogError) as caught:
        load_catalog_text(textwrap.dedent(text), "demo.yaml")
    return caught.value.issues


def only(text: str) -> CatalogIssue:
    """The single problem reported for `text`."""
    found = problems(text)
    assert len(found) == 1, [str(issue) for issue in found]
    return found[0]


def with_rules(rules: str, attributes: str = FIT + WAIST + ADDONS) -> str:
    return HEADER + attributes + "    rules:\n" + textwrap.indent(textwrap.dedent(rules), "      ")


def test_valid_document_loads() -> None:
    catalog = load_catalog_text(HEADER + FIT + WAIST + ADDONS)
    assert [a.id for a in catalog.product().attributes()] == ["fit", "waist", "addons"]


def test_issue_prints_file_line_column_path_and_message() -> None:
    issue = CatalogIssue("demo.yaml", 3, 7, "products[0].id", "missing required field 'id'")
    assert str(issue) == "demo.yaml:3:7: products[0].id: missing required field 'id'"


def test_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path / "nope.yaml")
    assert caught.value.issues[0].message == "file not found"
    assert caught.value.issues[0].file.endswith("nope.yaml")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: caf\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert caught.value.issues[0].message == "not UTF-8 text (byte 7)"


def test_yaml_syntax_error_has_position() -> None:
    issue = only("id: demo\nproducts: [\n  {id: a\n")
    assert (issue.line, issue.path) == (4, "(document)")
    assert "flow" in issue.message or "expected" in issue.message


def test_document_must_be_a_mapping() -> None:
    issue = only("- just\n- a list\n")
    assert issue.message == "a catalog is a mapping; this is list"
    assert (issue.line, issue.column) == (1, 1)


def test_empty_document() -> None:
    assert only("").message == "a catalog is a mapping; this is empty"


def test_duplicate_key() -> None:
    issue = only(
        HEADER + FIT.replace("            kind: one_of\n", "            kind: one_of\n            kind: one_of\n")
    )
    assert issue.message == "duplicate key 'kind'"
    assert (issue.line, issue.column, issue.path) == (12, 13, "products[0].modules[0].attributes[0].kind")


def test_unknown_field() -> None:
    issue = only(HEADER + FIT.replace("{id: classic}", "{id: classic, prise: 3}"))
    assert issue.message == "unknown field 'prise'"
    assert (issue.line, issue.column) == (14, 31)
    assert issue.path == "products[0].modules[0].attributes[0].options[1].prise"


def test_missing_required_field() -> None:
    issue = only(HEADER + FIT.replace("          - id: fit\n            kind", "          - kind"))
    assert issue.message == "missing required field 'id'"
    assert issue.path == "products[0].modules[0].attributes[0].id"
    assert issue.line == 10


def test_wrong_type() -> None:
    issue = only(HEADER + FIT.replace("price: 100", "price: cheap"))
    assert issue.path == "products[0].modules[0].attributes[0].options[0].price"
    assert "valid integer" in issue.message
    assert (issue.line, issue.column) == (13, 38)


def test_unknown_kind() -> None:
    issue = only(HEADER + FIT.replace("kind: one_of", "kind: onee_of"))
    assert issue.message == "unknown kind 'onee_of' (expected one_of, many_of, yes_no, numeric)"
    assert (issue.line, issue.path) == (11, "products[0].modules[0].attributes[0].kind")


def test_bad_numeric_range() -> None:
    issue = only(HEADER + WAIST.replace("min: 26", "min: 50"))
    assert issue.message == "bad range: min 50 is above max 47"
    assert (issue.line, issue.path) == (10, "products[0].modules[0].attributes[0]")


def test_step_must_divide_range() -> None:
    issue = only(HEADER + WAIST + "            step: 2\n")
    assert issue.message == "bad range: step 2 does not divide 26..47"


def test_empty_domain() -> None:
    issue = only(HEADER + "          - {id: extras, kind: many_of, options: []}\n")
    assert issue.message == "empty domain: attribute 'extras' has no options"
    assert issue.path == "products[0].modules[0].attributes[0].options"
    assert (issue.line, issue.column) == (10, 50)


def test_many_of_counts_out_of_range() -> None:
    issue = only(HEADER + ADDONS + "            min_count: 3\n")
    assert issue.message == "bad range: min_count 3 is above the 2 options"
    assert (issue.line, issue.path) == (13, "products[0].modules[0].attributes[0].min_count")


def test_duplicate_option_id() -> None:
    issue = only(HEADER + FIT.replace("{id: classic}", "{id: relaxed}"))
    assert issue.message == ("duplicate option id 'relaxed' (first at products[0].modules[0].attributes[0].options[0])")
    assert (issue.line, issue.path) == (14, "products[0].modules[0].attributes[0].options[1].id")


def test_duplicate_attribute_id_across_modules() -> None:
    text = HEADER + FIT + "      - id: more\n        attributes:\n" + FIT
    issue = only(text)
    assert issue.message.startswith("duplicate attribute id 'fit'")
    assert issue.path == "products[0].modules[1].attributes[0].id"
    assert issue.line == 17


def test_duplicate_rule_id() -> None:
    rules = """\
    - {id: r1, kind: requires, message: m, then: {attribute: fit, equals: relaxed}}
    - {id: r1, kind: requires, message: m, then: {attribute: fit, equals: classic}}
    """
    issue = only(with_rules(rules))
    assert issue.message == "duplicate rule id 'r1' (first at products[0].rules[0])"
    assert (issue.line, issue.path) == (24, "products[0].rules[1].id")


def test_unknown_attribute_in_rule() -> None:
    issue = only(with_rules("- {id: r, kind: requires, message: m, then: {attribute: colour, equals: red}}\n"))
    assert issue.message == "unknown attribute 'colour' in product 'jeans'"
    assert issue.path == "products[0].rules[0].then.attribute"
    assert (issue.line, issue.column) == (23, 63)


def test_unknown_option_in_rule() -> None:
    rules = """\
    - id: r
      kind: excludes
      message: m
      if: {attribute: addons, in: [initials, monogram]}
      then: {attribute: fit, equals: relaxed}
    """
    issue = only(with_rules(rules))
    assert issue.message == "unknown option 'monogram' for attribute 'addons' (options: initials, hem)"
    assert (issue.line, issue.path) == (26, "products[0].rules[0].if.in")


def test_numeric_value_outside_domain() -> None:
    issue = only(with_rules("- {id: r, kind: requires, message: m, then: {attribute: waist, in: [30, 30.5]}}\n"))
    assert issue.message == "value 30.5 is not a value of numeric attribute 'waist' (26..47 step 1)"


def test_numeric_operator_on_option_attribute() -> None:
    issue = only(with_rules("- {id: r, kind: requires, message: m, then: {attribute: fit, ge: 3}}\n"))
    assert issue.message == "'ge' compares numbers; attribute 'fit' is one_of"


def test_condition_needs_exactly_one_operator() -> None:
    issue = only(with_rules("- {id: r, kind: requires, message: m, then: {attribute: waist, ge: 3, le: 9}}\n"))
    assert issue.message.startswith("give exactly one operator")
    assert issue.path == "products[0].rules[0].then"


def test_condition_needs_a_known_key() -> None:
    issue = only(with_rules("- {id: r, kind: requires, message: m, then: {attr: waist, ge: 3}}\n"))
    assert issue.message == "a condition needs one of the keys: attribute, context, all, any, not"


def test_unknown_context_key_and_value() -> None:
    rules = """\
    - id: r
      kind: eligibility
      message: m
      options: {attribute: fit, equals: relaxed}
      when: {any: [{context: tier, in: [gold]}, {context: segment, equals: vip}]}
    """
    found = problems(with_rules(rules))
    assert [issue.message for issue in found] == [
        "unknown value 'gold' for context 'tier' (allowed: retain, ordinary)",
        "unknown context key 'segment' (declared: tier)",
    ]
    assert [issue.path for issue in found] == [
        "products[0].rules[0].when.any[0]",
        "products[0].rules[0].when.any[1].context",
    ]


def test_eligibility_keeps_choices_and_context_apart() -> None:
    rules = """\
    - id: r
      kind: eligibility
      message: m
      options: {context: tier, equals: retain}
      when: {attribute: fit, equals: relaxed}
    """
    messages = [issue.message for issue in problems(with_rules(rules))]
    assert messages == [
        "this condition is about the customer's choices; move context tests to 'when'",
        "this condition is about the customer context; attribute tests belong in 'options'",
    ]


def test_table_tuple_arity_and_unknown_value() -> None:
    rules = """\
    - id: t
      kind: table
      message: m
      attributes: [fit, waist]
      allowed: |
        relaxed 30
        classic
        slim 31
    """
    found = problems(with_rules(rules))
    assert [(issue.line, issue.message) for issue in found] == [
        (29, "tuple has 1 values, the table has 2 attributes"),
        (30, "unknown option 'slim' for attribute 'fit' (options: relaxed, classic)"),
    ]


def test_table_needs_allowed_or_forbidden() -> None:
    issue = only(with_rules("- {id: t, kind: table, message: m, attributes: [fit]}\n"))
    assert issue.message == "give exactly one of 'allowed' or 'forbidden'"


def test_table_rejects_many_of_attribute() -> None:
    issue = only(with_rules("- {id: t, kind: table, message: m, attributes: [addons], forbidden: [[hem]]}\n"))
    assert issue.message == "a table cannot use many-of attribute 'addons'"


def test_linear_unknown_property_and_non_numeric_attribute() -> None:
    rules = """\
    - id: l
      kind: linear
      message: m
      terms: [{property: weight_kg}, {attribute: fit}]
      op: "<="
      rhs: 15
    """
    messages = [issue.message for issue in problems(with_rules(rules))]
    assert messages == [
        "unknown property 'weight_kg': no option or base declares it",
        "attribute 'fit' is not numeric; sum one of its option properties instead",
    ]


def test_linear_bad_operator() -> None:
    issue = only(with_rules("- {id: l, kind: linear, message: m, terms: [{attribute: waist}], op: '=<', rhs: 3}\n"))
    assert issue.path == "products[0].rules[0].op"
    assert "'<='" in issue.message


def test_cardinality_needs_many_of() -> None:
    issue = only(with_rules("- {id: c, kind: cardinality, message: m, attribute: fit, max: 1}\n"))
    assert issue.message == "cardinality needs a many-of attribute; 'fit' is one_of"


def test_cardinality_bad_range() -> None:
    issue = only(with_rules("- {id: c, kind: cardinality, message: m, attribute: addons, min: 2, max: 1}\n"))
    assert issue.message == "bad range: max 1 is below min 2"


def test_dates_out_of_order() -> None:
    text = HEADER + FIT.replace("{id: classic}", "{id: classic, valid_from: 2026-05-01, valid_to: 2026-01-01}")
    issue = only(text)
    assert issue.message == "valid_to 2026-01-01 is before valid_from 2026-05-01"
    assert issue.path == "products[0].modules[0].attributes[0].options[1]"


def test_none_option_cannot_have_price() -> None:
    issue = only(HEADER + FIT.replace("{id: classic}", "{id: plain, none: true, price: 5}"))
    assert issue.message == "a 'none' option (left out) cannot have a price, cost or terms"


def test_default_must_be_an_option() -> None:
    issue = only(HEADER + FIT + "            default: slim\n")
    assert issue.message == "unknown option 'slim' for attribute 'fit' (options: relaxed, classic)"
    assert (issue.line, issue.path) == (15, "products[0].modules[0].attributes[0].default")


def test_service_attribute_needs_terms() -> None:
    text = HEADER + "          - {id: service, kind: one_of, role: service, options: [{id: basic}]}\n"
    issue = only(text)
    assert issue.message == "option 'basic' of a service attribute needs 'service' terms"


def test_payment_terms_need_payment_role() -> None:
    text = HEADER + "          - {id: plan, kind: one_of, options: [{id: now, payment: {instalments: 1}}]}\n"
    issue = only(text)
    assert issue.message == "'payment' terms belong on an attribute with role: payment"


def test_price_rule_unknown_context_value() -> None:
    text = (
        HEADER + FIT + "    price_rules:\n      - {id: d, kind: tier_discount, label: Loyal, discounts: {gold: 10}}\n"
    )
    issue = only(text)
    assert issue.message == "unknown value 'gold' for context 'tier' (allowed: retain, ordinary)"
    assert issue.path == "products[0].price_rules[0].discounts.gold"


def test_yes_no_words_stay_text() -> None:
    text = HEADER + "          - {id: gift, kind: one_of, options: [{id: yes}, {id: no}, {id: on}]}\n"
    gift = load_catalog_text(text).product().attribute("gift")
    assert isinstance(gift, OneOf)
    assert [o.id for o in gift.options] == ["yes", "no", "on"]


def test_every_problem_at_once_even_next_to_shape_errors() -> None:
    rules = """\
    - {id: r1, kind: requires, message: m, then: {attribute: colour, equals: red}}
    - {id: r2, kind: requiress, message: m}
    - {id: r3, kind: requires, message: m, then: {attribute: fit, equals: slim}}
    """
    found = problems(with_rules(rules, FIT + WAIST.replace("max: 47", "max: 47\n            unit: [in]")))
    assert [issue.line for issue in found] == sorted(issue.line or 0 for issue in found)
    messages = [issue.message for issue in found]
    assert "unknown attribute 'colour' in product 'jeans'" in messages
    assert any(m.startswith("unknown kind 'requiress'") for m in messages)
    assert "unknown option 'slim' for attribute 'fit' (options: relaxed, classic)" in messages
    assert any("valid string" in m for m in messages)


def test_json_documents_have_positions_too(tmp_path: Path) -> None:
    path = tmp_path / "demo.json"
    path.write_text('{"id": "demo",\n "products": [{"id": "p", "modules": [{"id": "m",\n "attributes": []}]}]}\n')
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    issue = caught.value.issues[0]
    assert issue.path == "products[0].modules[0].attributes"
    assert (issue.line, issue.file) == (3, str(path))
    assert "at least 1 item" in issue.message


def test_one_service_attribute_per_product() -> None:
    service = "          - {id: %s, kind: one_of, role: service, options: [{id: basic, service: %s}]}\n"
    terms = "{annual_fee: 0, response_hours: 72}"
    issue = only(HEADER + service % ("care", terms) + service % ("support", terms))
    assert issue.message == "a product has one service attribute; 'care' already is"
    assert (issue.line, issue.path) == (11, "products[0].modules[0].attributes[1].role")


def test_designs_name_modules_of_the_product() -> None:
    text = HEADER.replace("    modules:\n", "    designs: [style, sise]\n    modules:\n", 1) + FIT
    issue = only(text)
    assert issue.message == "unknown module 'sise' in product 'jeans'"
    assert issue.path == "products[0].designs[1]"
