"""`tailor catalog check` and `tailor catalog schema`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import app

runner = CliRunner()

GOOD = """\
id: demo
products:
  - id: mug
    label: Custom mug
    modules:
      - id: look
        attributes:
          - {id: colour, kind: one_of, options: [{id: red}, {id: blue}]}
          - {id: size, kind: numeric, min: 8, max: 12, unit: cm}
    rules:
      - {id: r, kind: requires, message: m, if: {attribute: colour, equals: red}, then: {attribute: size, le: 10}}
"""


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
    }


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
