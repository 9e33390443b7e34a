"""`tailor catalog check`, `schema` and `import`, and hostile files given to any command that loads one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from tests.cli.catalog_texts import MUG

runner = CliRunner()

GOOD = MUG


def test_check_prints_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(GOOD)
    result = runner.invoke(app, ["catalog", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output
    assert "mug (Custom mug)" in result.output
    summary = json.loads(runner.invoke(app, ["catalog", "check", str(path), "--json"]).output)
    assert summary["products"][0] == {
        "id": "mug",
        "label": "Custom mug",
        "modules": 1,
        "attributes": 2,
        "options": 7,
        "rules": 1,
        "rule_kinds": ["requires"],
        "price_rules": 0,
        "configurations": {"count": 8},  # red only up to 10 cm: 2 × 5 sizes less red at 11 and 12
    }
    assert "mug: 8 valid configurations on" in result.output


def test_check_lists_every_problem_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("equals: red", "equals: green").replace("max: 12", "max: 2"))
    result = runner.invoke(app, ["catalog", "check", str(path)])
    assert result.exit_code == 2
    assert f"{path}:9:13: products[0].modules[0].attributes[1]: bad range: min 8 is above max 2" in result.output
    assert "unknown option 'green' for attribute 'colour' (options: red, blue)" in result.output
    assert "2 problems" in result.output
    assert "Traceback" not in result.output


def test_check_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["catalog", "check", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2
    assert "none.yaml: (file): file not found" in result.output


def test_schema_is_json_schema_of_the_format() -> None:
    result = runner.invoke(app, ["catalog", "schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "Catalog"
    assert {"Requires", "Excludes", "Table", "Linear", "Cardinality", "Eligibility"} <= set(schema["$defs"])
    assert "if" in schema["$defs"]["Requires"]["properties"]


def test_check_reports_a_product_without_any_valid_configuration(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    rules = (
        "      - {id: r2, kind: requires, message: m, then: {attribute: colour, equals: blue}}\n"
        "      - {id: r3, kind: requires, message: m, then: {attribute: colour, equals: red}}\n"
    )
    path.write_text(
        GOOD.replace("    label: Custom mug\n", "    label: Custom mug\n    valid_to: 2030-12-31\n") + rules
    )
    result = runner.invoke(app, ["catalog", "check", str(path), "--date", "2026-01-05"])
    assert result.exit_code == 2, result.output
    message = "products[0]: product 'mug' has no valid configuration on 2026-01-05 (0 configurations)"
    assert f"{path}:3:5: {message}" in result.output
    assert "1 problem" in result.output
    later = runner.invoke(app, ["catalog", "check", str(path), "--date", "2031-01-01"])
    assert later.exit_code == 0, later.output  # not in force then: said, not counted
    assert "mug: not in force on 2031-01-01" in later.output


def test_check_tries_customer_contexts_before_calling_a_product_empty(tmp_path: Path) -> None:
    path = tmp_path / "gold.yaml"
    rule = (
        "      - {id: e, kind: eligibility, message: m, options: {attribute: colour, in: [red, blue]},"
        " when: {context: tier, equals: gold}}\n"
    )
    path.write_text(GOOD.replace("id: demo\n", "id: demo\ncontext: {tier: [gold, silver]}\n") + rule)
    result = runner.invoke(app, ["catalog", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "mug: 8 valid configurations" in result.output


def test_check_says_a_product_is_empty_for_every_customer_context(tmp_path: Path) -> None:
    path = tmp_path / "nobody.yaml"
    rule = (
        "      - {id: e, kind: eligibility, message: m, options: {attribute: colour, in: [red, blue]},"
        " when: {all: [{context: tier, equals: gold}, {context: tier, equals: silver}]}}\n"
    )
    path.write_text(GOOD.replace("id: demo\n", "id: demo\ncontext: {tier: [gold, silver]}\n") + rule)
    result = runner.invoke(app, ["catalog", "check", str(path), "--date", "2026-01-05"])
    assert result.exit_code == 2, result.output
    expected = "product 'mug' has no valid configuration on 2026-01-05 for any customer context (0 configurations)"
    assert f"{path}:4:5: products[0]: {expected}" in result.output


def billion_laughs() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(lines) + "\n" + GOOD


OPTION = "products[0].modules[0].attributes[0].options[0]"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (billion_laughs(), ":7:10: a6[0]: more than 1,000,000 values once aliases are expanded"),
        ("id: demo\nlabel: &a [*a]\n", ":2:12: label[0]: alias *a is inside the value it names (a recursive alias)"),
        (
            GOOD.replace("max: 12", "max: 1e12"),
            ":9:52: products[0].modules[0].attributes[1].max: 1e12 is above the maximum 1,000,000,000",
        ),
        (
            GOOD.replace("{id: red}", "{id: red, valid_from: 2027-02-30}"),
            f":8:72: {OPTION}.valid_from: not a date: '2027-02-30' (day value is outside expected range)",
        ),
        (
            GOOD.replace("{id: red}", "{id: red, price: 100000000000000000000}"),
            f":8:67: {OPTION}.price: 100,000,000,000,000,000,000 is above the maximum 1,000,000,000",
        ),
        (
            GOOD.replace("{id: red}", "{id: red, price: -500000}"),
            f":8:67: {OPTION}.price: -500,000 is below the minimum 0",
        ),
    ],
)
@pytest.mark.parametrize("command", [["catalog", "check"], ["count"], ["price"], ["configure"]])
def test_every_command_refuses_hostile_files_with_a_located_message(
    tmp_path: Path, text: str, where: str, command: list[str]
) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    result = runner.invoke(app, [*command, str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}{where}" in result.output
    assert "Traceback" not in result.output


def test_count_on_an_attribute_of_a_million_values_refuses_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "million.yaml"
    path.write_text(GOOD.replace("min: 8, max: 12", "min: 1, max: 1000000"))
    result = runner.invoke(app, ["count", str(path), "--project", "size"])
    assert result.exit_code == 2, result.output
    assert (
        f"{path}:9:13: products[0].modules[0].attributes[1]: too many values: 1..1000000 step 1 has 1,000,000 "
        "values (a numeric attribute has at most 100,000)"
    ) in result.output


def test_count_on_the_largest_attribute_answers(tmp_path: Path) -> None:
    path = tmp_path / "large.yaml"
    path.write_text(GOOD.replace("min: 8, max: 12", "min: 1, max: 100000").replace("le: 10", "le: 99999"))
    result = runner.invoke(app, ["count", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["count"] == 199_999


@pytest.mark.parametrize(
    ("format_", "name", "text", "message"),
    [
        (
            "uvl",
            "deep.uvl",
            "features\n\tF0\n"
            + "".join("\t" * (2 * n) + "optional\n" + "\t" * (2 * n + 1) + f"F{n}\n" for n in range(1, 400)),
            ":82: feature tree nested deeper than 40 levels",
        ),
        (
            "uvl",
            "parens.uvl",
            "features\n\tA\n\t\toptional\n\t\t\tB\nconstraints\n\t" + "(" * 3000 + "B" + ")" * 3000 + "\n",
            ":6: formula nested deeper than 40 levels",
        ),
        (
            "xcsp",
            "domain.xml",
            '<instance><domains><domain name="D">0..200000000</domain></domains><variables>'
            '<variable name="V" domain="D"/></variables></instance>',
            ":1: domain D has more than 100,000 values",
        ),
    ],
)
def test_import_refuses_hostile_models(tmp_path: Path, format_: str, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    result = runner.invoke(app, ["catalog", "import", "--format", format_, str(path), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 2, result.output
    assert f"{path}{message}" in result.output.replace("\n", "")
    assert not (tmp_path / "out.yaml").exists()


def test_check_warns_of_a_dead_option_at_its_place_and_of_a_rule_that_never_binds(tmp_path: Path) -> None:
    path = tmp_path / "dead.yaml"
    rules = (
        "      - {id: no_blue, kind: requires, message: m, then: {attribute: colour, equals: red}}\n"
        "      - {id: idle, kind: requires, message: m, then: {attribute: size, ge: 8}}\n"
    )
    path.write_text(GOOD + rules)
    result = runner.invoke(app, ["catalog", "check", str(path)])
    assert result.exit_code == 0, result.output
    option = "products[0].modules[0].attributes[0].options[1]"
    assert f"warning: {path}:8:61: {option}: option 'blue' of 'colour' is in no valid configuration" in result.output
    assert "(because of 'no_blue')" in result.output
    assert "colour" in result.output
    assert f"{path}:13:9: products[0].rules[2]: rule 'idle' never binds" in result.output
    assert "forced" not in result.output or "option 'red' of 'colour' is in every valid configuration" in result.output
    summary = json.loads(runner.invoke(app, ["catalog", "check", str(path), "--json"]).output)
    kinds = {(f["kind"], f["option"] or f["rule"]) for f in summary["findings"]}
    assert {("dead_option", "blue"), ("forced_option", "red"), ("rule_never_binds", "idle")} <= kinds
    quiet = runner.invoke(app, ["catalog", "check", str(path), "--no-analysis"])
    assert "warning" not in quiet.output


def test_check_refuses_a_negative_cost_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "cost.yaml"
    path.write_text(GOOD.replace("{id: blue}", "{id: blue, cost: -1}"))
    result = runner.invoke(app, ["catalog", "check", str(path)])
    assert result.exit_code == 2
    assert f"{path}:8:" in result.output
    assert "cost: -1 is below the minimum 0" in result.output


def test_diff_prints_changes_prices_and_configurations(tmp_path: Path) -> None:
    before, after = tmp_path / "a.yaml", tmp_path / "b.yaml"
    before.write_text(GOOD)
    after.write_text(GOOD.replace("{id: blue}", "{id: blue, price: 300}").replace("le: 10", "le: 9"))
    result = runner.invoke(app, ["catalog", "diff", str(before), str(after)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"{after}:8:" in result.output
    assert "changed option 'blue': price" in result.output
    assert "changed rule 'r': then.le" in result.output
    assert "price mug/colour/blue: 0 -> 300" in result.output
    assert "│ 8 " in result.output
    assert "│ 7 " in result.output
    assert "│ 1 " in result.output  # red at 10 cm is valid before, not after
