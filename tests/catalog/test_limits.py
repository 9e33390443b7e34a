"""Hostile catalog files: each is refused quickly with a located message, never a traceback or a hang.

The files are built here. None of these tests times anything: the limits are checked before
anything is expanded or listed, which is what keeps each answer quick (the figures measured by
hand are in the issue's report).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.catalog import CatalogError, CatalogIssue, load_catalog, load_catalog_text
from app.catalog.attributes import Numeric, OneOf
from app.catalog.limits import (
    MAX_ALIASES,
    MAX_ATTRIBUTES,
    MAX_DOMAIN,
    MAX_FILE_BYTES,
    MAX_NESTING,
    MAX_NODES,
    MAX_PRICE,
    MAX_PRODUCT_VALUES,
)

HEADER = """\
id: demo
products:
  - id: p
    modules:
      - id: m
        attributes:
"""
# The first attribute is on line 7; in `attribute(...)` its text starts at column 13.


def attribute(text: str) -> str:
    """A catalog whose one attribute is `text` (flow style, on line 7)."""
    return HEADER + f"          - {text}\n"


def option(fields: str) -> str:
    """A catalog whose one-of attribute has one option with `fields` (the option at line 7, column 43)."""
    return attribute(f"{{id: c, kind: one_of, options: [{{id: a, {fields}}}]}}")


def problems(text: str) -> list[CatalogIssue]:
    """The problems the loader reports for `text` (fails the test when it loads)."""
    with pytest.raises(CatalogError) as caught:
        load_catalog_text(text, "demo.yaml")
    return caught.value.issues


def only(text: str) -> CatalogIssue:
    """The single problem reported for `text`."""
    found = problems(text)
    assert len(found) == 1, [str(issue) for issue in found]
    return found[0]


# YAML: aliases, depth, size ------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    """The alias bomb: each level a list of nine aliases of the level below (9^9 values in all)."""
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        lines.append(f"lol{level}: &lol{level} [{', '.join([f'*lol{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n" + attribute("{id: c, kind: one_of, options: [{id: a}]}")


def test_alias_bomb_is_refused_where_the_expansion_passes_the_limit() -> None:
    issue = only(billion_laughs())
    assert issue.message == f"more than {MAX_NODES:,} values once aliases are expanded"
    assert (issue.line, issue.path) == (7, "lol6[0]")  # 9^7 values: the first level past a million


def test_a_few_aliases_still_load() -> None:
    text = HEADER + "          - {id: top, kind: one_of, options: &colours [{id: red}, {id: blue}]}\n"
    catalog = load_catalog_text(text + "          - {id: trim, kind: one_of, options: *colours}\n")
    top, trim = catalog.product().attribute("top"), catalog.product().attribute("trim")
    assert isinstance(top, OneOf)
    assert isinstance(trim, OneOf)
    assert trim.options == top.options


def test_self_referencing_alias_is_refused() -> None:
    issue = only("id: demo\nlabel: &a [*a]\n" + HEADER.removeprefix("id: demo\n"))
    assert issue.message == "alias *a is inside the value it names (a recursive alias)"
    assert (issue.line, issue.column, issue.path) == (2, 12, "label[0]")


def test_alias_inside_its_own_mapping_is_refused() -> None:
    issue = only("id: demo\ndescription: &d {en: *d}\n")
    assert "recursive alias" in issue.message
    assert (issue.line, issue.path) == (2, "description.en")


def test_too_many_aliases() -> None:
    aliases = ", ".join(["*x"] * (MAX_ALIASES + 1))
    issue = only(f"id: demo\nx: &x 1\ny: [{aliases}]\n")
    assert issue.message == f"more than {MAX_ALIASES:,} aliases"
    assert (issue.line, issue.path) == (3, f"y[{MAX_ALIASES}]")


@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 3_000])
def test_yaml_nested_too_deep(levels: int) -> None:
    issue = only("id: demo\nx: " + "[" * levels + "]" * levels + "\n")
    assert issue.message == f"nested deeper than {MAX_NESTING} levels"
    assert issue.line == 2


@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 3_000])
def test_json_nested_too_deep(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"id": "demo", "x": ' + '{"a": ' * levels + "1" + "}" * levels + "}")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    issue = caught.value.issues[0]
    assert issue.message == f"nested deeper than {MAX_NESTING} levels"
    assert issue.line == 1
    assert issue.column is not None


def test_nested_block_yaml_names_the_field_path() -> None:
    text = "id: demo\nx:\n" + "".join("  " * level + "- \n" for level in range(MAX_NESTING + 1))
    issue = only(text)
    assert issue.message == f"nested deeper than {MAX_NESTING} levels"
    assert issue.path == "x" + "[0]" * (MAX_NESTING - 1)


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    issue = caught.value.issues[0]
    assert (issue.path, issue.message) == ("(file)", f"file larger than {MAX_FILE_BYTES:,} bytes (limit 32 MiB)")


@pytest.mark.parametrize(
    ("value", "kind"), [("!!int 12x", "int"), ("!!bool maybe", "bool"), ("!!float many", "float"), ("9" * 5000, "int")]
)
def test_values_no_tag_can_read_are_located(value: str, kind: str) -> None:
    issue = only(f"id: demo\nlabel: {value}\n")
    assert issue.message.startswith("cannot read '")
    assert issue.message.endswith(f"' as {kind}")
    assert (issue.line, issue.column) == (2, 8)


# Dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["option", "dated price", "product", "price rule"])
def test_impossible_date_is_not_a_date(where: str) -> None:
    text = {
        "option": option("valid_from: 2027-02-30"),
        "dated price": option("prices: [{price: 5, valid_to: 2027-02-30}]"),
        "product": attribute("{id: c, kind: yes_no}").replace("  - id: p\n", "  - id: p\n    valid_to: 2027-02-30\n"),
        "price rule": attribute("{id: c, kind: yes_no}")
        + "    price_rules:\n      - {id: s, kind: promotion, label: Sale, percent: 5, valid_from: 2027-02-30}\n",
    }[where]
    issue = only(text)
    assert issue.message == "not a date: '2027-02-30' (day value is outside expected range)"
    assert issue.path.endswith(("valid_from", "valid_to"))
    assert issue.line is not None


def test_valid_dates_still_load_and_dates_as_ids_stay_text() -> None:
    catalog = load_catalog_text(option("valid_from: 2027-02-28").replace("{id: a,", "{id: 2027-02-28,"))
    (attribute_,) = catalog.product().attributes()
    assert isinstance(attribute_, OneOf)
    assert str(attribute_.options[0].valid_from) == "2027-02-28"
    assert attribute_.options[0].id == "2027-02-28"


# Prices and numbers --------------------------------------------------------------------


def test_price_above_int64_is_located() -> None:
    issue = only(option(f"price: {10**20}"))
    assert issue.message == f"{10**20:,} is above the maximum {MAX_PRICE:,}"
    assert (issue.line, issue.column) == (7, 60)
    assert issue.path == "products[0].modules[0].attributes[0].options[0].price"


@pytest.mark.parametrize("field", ["price", "cost"])
def test_negative_price_or_cost_is_refused(field: str) -> None:
    issue = only(option(f"{field}: -500000"))
    assert issue.message == "-500,000 is below the minimum 0"
    assert issue.path.endswith(f"options[0].{field}")


def test_negative_base_price_and_fees_are_refused() -> None:
    text = attribute("{id: c, kind: yes_no, price: -1}").replace("  - id: p\n", "  - id: p\n    base_price: -5000\n")
    assert {issue.path.rsplit(".", 1)[-1] for issue in problems(text)} == {"base_price", "price"}


@pytest.mark.parametrize(("percent", "message"), [("0", "0 must be above 0"), ("150", "150 is above the maximum 100")])
def test_percentages_are_within_0_and_100(percent: str, message: str) -> None:
    text = attribute("{id: c, kind: yes_no}")
    text += f"    price_rules:\n      - {{id: s, kind: promotion, label: Sale, percent: {percent}}}\n"
    issue = only(text)
    assert (issue.message, issue.path) == (message, "products[0].price_rules[0].percent")


def test_numeric_range_0_to_1e12_is_refused_at_its_field() -> None:
    issue = only(attribute("{id: n, kind: numeric, min: 0, max: 1e12}"))
    assert issue.message == "1e12 is above the maximum 1,000,000,000"
    assert issue.path == "products[0].modules[0].attributes[0].max"


def test_numeric_domain_too_large_is_counted_not_listed() -> None:
    issue = only(attribute("{id: n, kind: numeric, min: 0, max: 200000000}"))
    assert issue.message == (
        f"too many values: 0..200000000 step 1 has 200,000,001 values (a numeric attribute has at most {MAX_DOMAIN:,})"
    )
    assert (issue.line, issue.column, issue.path) == (7, 13, "products[0].modules[0].attributes[0]")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("min: .nan, max: 1", "input should be a finite number"),
        ("min: 0, max: .inf", "input should be a finite number"),
        ("min: 0, max: 1, step: 0.0000001", "1e-07 has more than 6 decimal places"),
    ],
)
def test_numeric_bounds_are_finite_with_few_decimals(fields: str, message: str) -> None:
    assert only(attribute(f"{{id: n, kind: numeric, {fields}}}")).message == message


def test_largest_numeric_domain_loads() -> None:
    catalog = load_catalog_text(attribute(f"{{id: n, kind: numeric, min: 1, max: {MAX_DOMAIN}}}"))
    numeric = catalog.product().attribute("n")
    assert isinstance(numeric, Numeric)
    assert numeric.size == MAX_DOMAIN


def test_price_formula_line_cannot_pass_the_largest_price() -> None:
    formula = "price_formula: [{id: f, per_unit: 100000, above: 1}]"
    issue = only(attribute(f"{{id: n, kind: numeric, min: 1, max: 100000, {formula}}}"))
    assert issue.message.startswith("price line too large: 100,000 × 99999 = 9,999,900,000 at 100000")
    assert issue.path == "products[0].modules[0].attributes[0].price_formula[0].per_unit"


# Sizes of attributes and products ------------------------------------------------------


def test_too_many_options() -> None:
    options = ", ".join(f"{{id: o{i}}}" for i in range(MAX_DOMAIN + 1))
    issue = only(attribute(f"{{id: c, kind: one_of, options: [{options}]}}"))
    assert issue.path == "products[0].modules[0].attributes[0].options"
    assert f"at most {MAX_DOMAIN}" in issue.message


def test_too_many_attributes() -> None:
    attributes = "".join(f"          - {{id: a{i}, kind: yes_no}}\n" for i in range(MAX_ATTRIBUTES + 1))
    issue = only(HEADER + attributes)
    assert issue.message == f"too many attributes: {MAX_ATTRIBUTES + 1:,} (a product has at most {MAX_ATTRIBUTES:,})"
    assert (issue.line, issue.path) == (5, "products[0].modules")


def test_too_many_values_in_one_product() -> None:
    count = MAX_PRODUCT_VALUES // MAX_DOMAIN + 1
    attributes = "".join(f"          - {{id: n{i}, kind: numeric, min: 1, max: {MAX_DOMAIN}}}\n" for i in range(count))
    issue = only(HEADER + attributes)
    assert issue.message == (
        f"too many values: its attributes have {count * MAX_DOMAIN:,} together "
        f"(a product has at most {MAX_PRODUCT_VALUES:,})"
    )
    assert issue.path == "products[0].modules"
