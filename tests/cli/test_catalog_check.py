"""`tailor catalog check` reports dead options, forced options, unsatisfiable products and bad values (a
negative price), each with its position in the file (file:line:column: path), in YAML and in JSON."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from app.cli import app
from tests.cli.catalog_texts import MUG

runner = CliRunner()

RED_ONLY = "      - {id: no_blue, kind: requires, message: m, then: {attribute: colour, equals: red}}\n"
BLUE_ONLY = "      - {id: no_red, kind: requires, message: m, then: {attribute: colour, equals: blue}}\n"
BLUE = "products[0].modules[0].attributes[0].options[1]"
RED = "products[0].modules[0].attributes[0].options[0]"


def check(tmp_path: Path, text: str, *args: str, name: str = "mug.yaml") -> tuple[Path, int, str]:
    path = tmp_path / name
    path.write_text(text)
    result = runner.invoke(app, ["catalog", "check", str(path), *args], env={"COLUMNS": "300"})
    return path, result.exit_code, result.output


def test_a_dead_option_is_reported_at_its_line_with_the_rule_behind_it(tmp_path: Path) -> None:
    path, code, output = check(tmp_path, MUG + RED_ONLY)
    assert code == 0, output  # a warning: the catalog still sells
    assert f"warning: {path}:8:61: {BLUE}: option 'blue' of 'colour' is in no valid configuration" in output
    assert "(because of 'no_blue')" in output


def test_a_forced_option_is_reported_at_its_line(tmp_path: Path) -> None:
    path, code, output = check(tmp_path, MUG + RED_ONLY)
    assert code == 0, output
    assert f"warning: {path}:8:50: {RED}: option 'red' of 'colour' is in every valid configuration" in output
    _, _, as_json = check(tmp_path, MUG + RED_ONLY, "--json")
    found = {(f["kind"], f["option"]): f for f in json.loads(as_json)["findings"]}
    assert (found["forced_option", "red"]["line"], found["forced_option", "red"]["column"]) == (8, 50)
    assert (found["dead_option", "blue"]["line"], found["dead_option", "blue"]["field"]) == (8, BLUE)


def test_an_unsatisfiable_product_is_an_error_at_its_line(tmp_path: Path) -> None:
    path, code, output = check(tmp_path, MUG + RED_ONLY + BLUE_ONLY, "--date", "2026-01-05")
    assert code == 2, output
    said = "products[0]: product 'mug' has no valid configuration on 2026-01-05 (0 configurations)"
    assert f"{path}:3:5: {said}" in output
    assert "1 problem" in output


def test_a_negative_price_is_an_error_at_its_line_in_yaml_and_in_json(tmp_path: Path) -> None:
    text = MUG.replace("{id: blue}", "{id: blue, price: -100}")
    path, code, output = check(tmp_path, text)
    assert code == 2, output
    assert f"{path}:8:79: {BLUE}.price: -100 is below the minimum 0" in output
    as_json = json.dumps(yaml.safe_load(text), indent=2)
    path, code, output = check(tmp_path, as_json, name="mug.json")
    line = next(n for n, row in enumerate(as_json.splitlines(), start=1) if '"price": -100' in row)
    assert code == 2, output
    assert f"{path}:{line}:" in output
    assert f"{BLUE}.price: -100 is below the minimum 0" in output


def test_a_negative_price_per_unit_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = MUG.replace("unit: cm}", "unit: cm, price_formula: [{id: extra, per_unit: -50, above: 10}]}")
    path, code, output = check(tmp_path, text)
    assert code == 2, output
    assert f"{path}:9:" in output
    assert "products[0].modules[0].attributes[1].price_formula[0].per_unit: -50 is below the minimum 0" in output
