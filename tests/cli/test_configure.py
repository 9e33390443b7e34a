"""`tailor configure`, `count` and `complete`: the JSON contract, and exit status 2 for bad input."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from app.cli import app
from tests.conftest import CATALOG_DIR

runner = CliRunner()
JEANS = str(CATALOG_DIR / "jeans.yaml")
DAY = ["--date", "2026-06-01"]


def run_json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, [*args, *DAY, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_configure_json_has_valid_excluded_and_an_integer_count() -> None:
    data = run_json("configure", JEANS, "--select", "inseam=28")
    assert isinstance(data["count"], int)
    assert data["count"] == run_json("count", JEANS, "--select", "inseam=28")["count"]
    assert "turn_up_hem" not in data["valid"]["addons"]  # type: ignore[index]
    assert data["excluded"]["addons"]["turn_up_hem"] == ["A turn-up hem needs an inseam of 30 in or more."]  # type: ignore[index]
    assert "conflict" not in data
    gold = run_json("configure", JEANS, "--context", "tier=retain")
    assert "express" in gold["valid"]["service"]  # type: ignore[index]


def test_configure_json_gives_the_conflict_and_ranked_repairs() -> None:
    data = run_json("configure", JEANS, "--select", "inseam=28", "--select", "addons=turn_up_hem")
    assert data["count"] == 0
    assert data["conflict"] == {
        "choices": ["inseam", "addons"],
        "rules": [{"rule": "hem_needs_inseam", "message": "A turn-up hem needs an inseam of 30 in or more."}],
    }
    repairs = data["repairs"]
    assert isinstance(repairs, list)
    assert len(repairs) >= 3
    assert repairs[0]["changes"] == {"inseam": 30}


def test_count_total_and_projected() -> None:
    assert run_json("count", JEANS) == {"count": 824_365_296}
    projected = run_json("count", JEANS, "--project", "fit,opening,closure", "--project", "bagginess,seat,waist,inseam")
    assert projected == {"count": 1_485_000}


def test_complete_returns_priced_offers_within_budget() -> None:
    data = run_json(
        "complete", JEANS, "--prefer", "opening=flare:5", "--objective", "fit", "-k", "3", "--budget", "120"
    )
    offers = data["offers"]
    assert isinstance(offers, list)
    assert len(offers) == 3
    for offer in offers:
        assert offer["list_price"] <= 12000
        assert offer["choices"]["opening"] == "flare"


def test_bad_input_exits_2_with_a_message() -> None:
    for args, message in [
        (["configure", JEANS, "--select", "fit=flare"], "unknown option 'flare' for attribute 'fit'"),
        (
            ["configure", JEANS, "--select", "waist=32.0000000000000000000000000001"],
            "32.0000000000000000000000000001 is not a value of attribute 'waist' (26..47 in steps of 1)",
        ),
        (["configure", JEANS, "--context", "mood=happy"], "unknown context key 'mood'"),
        (["count", JEANS, "--project", "colour"], "unknown attribute 'colour'"),
        (["complete", JEANS, "--prefer", "opening=flare"], "expected attribute=option:weight"),
        (["complete", JEANS, "--budget", "lots"], "--budget lots: not an amount"),
        (["complete", JEANS, "--objective", "fun"], "expected price, fit or margin"),
        (["configure", "missing.yaml"], "missing.yaml"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
