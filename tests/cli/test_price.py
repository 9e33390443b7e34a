"""`tailor price`: a Rich table or JSON for a selection, and exit status 2 with a message for bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from app.catalog.configuration import Selection
from app.cli import app
from app.models import Customer
from app.pricing import price
from app.services.context import customer_context
from tests.factories import customer, shop_catalog, shop_yaml

runner = CliRunner()

# 2 × (5000 base + 500 boot + 375 waist + 300 rivets + 199 patch) = 12748; 10 % loyalty = 1275;
# plus the 1000 basic care fee: 12473.
ORDER = [
    "--select", "cut=boot", "--select", "waist=43", "--select", "addons=rivets,patch", "--select", "care=basic",
    "--context", "tier=retain", "--quantity", "2", "--date", "2025-05-01",
]  # fmt: skip


@pytest.fixture
def shop_file(tmp_path: Path) -> str:
    path = tmp_path / "shop.yaml"
    path.write_text(shop_yaml("loyalty"), encoding="utf-8")
    return str(path)


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["price", *args])
    return result.exit_code, result.output


def test_prints_the_breakdown_as_a_table(shop_file: str) -> None:
    code, output = _run(shop_file, *ORDER)
    assert code == 0, output
    for text in ("Custom jeans", "€50.00", "€100.00", "Boot cut", "Large waist", "€3.75", "Subtotal", "€127.48",
                 "Loyalty", "10 %", "-€12.75", "Basic care", "€10.00", "Total", "€124.73", "Margin"):  # fmt: skip
        assert text in output


def test_json_output(shop_file: str) -> None:
    code, output = _run(shop_file, *ORDER, "--json")
    assert code == 0, output
    data = json.loads(output)
    assert (data["total"], data["subtotal"], data["quantity"], data["currency"]) == (12473, 12748, 2, "EUR")
    assert [(line["attribute"], line["unit_price"]) for line in data["lines"]] == [
        (None, 5000),
        ("cut", 500),
        ("waist", 375),
        ("addons", 300),
        ("addons", 199),
    ]
    assert data["price_rules"] == [
        {"id": "loyalty", "kind": "tier_discount", "label": "Loyalty", "targets": None, "percent": "10",
         "base": 12748, "discount": 1275},
    ]  # fmt: skip
    assert data["service"]["response_hours"] == 72


def test_repeated_selects_merge_for_a_many_of(shop_file: str) -> None:
    args = [shop_file, "--select", "addons=rivets", "--select", "addons=patch, embroidery", "--json"]
    code, output = _run(*args)
    assert code == 0, output
    assert [line["option"] for line in json.loads(output)["lines"][1:]] == ["rivets", "embroidery", "patch"]


def test_an_empty_many_of_select_chooses_nothing(shop_file: str) -> None:
    code, output = _run(shop_file, "--select", "addons=", "--json")
    assert code == 0, output
    assert json.loads(output)["total"] == 5000


def test_locale_formats_amounts_and_labels(shop_file: str) -> None:
    code, output = _run(shop_file, *ORDER, "--locale", "es")
    assert code == 0, output
    assert "Bota" in output
    assert "124,73" in output
    assert "Vaqueros a medida" in output


def test_payment_plan_schedule(shop_file: str) -> None:
    code, output = _run(shop_file, "--select", "plan=monthly12", "--quantity", "20", "--date", "2025-05-01")
    assert code == 0, output
    for text in ("€1,000.00", "€88.85", "€10.00", "€9.21", "€88.84", "€66.19", "€1,066.19"):
        assert text in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--select", "cut"], "--select cut: expected attribute=option", id="no equals sign"),
        pytest.param(["--select", "=boot"], "--select =boot: expected attribute=option", id="no attribute"),
        pytest.param(["--select", "cut=skinny"], "unknown option 'skinny' for attribute 'cut'", id="unknown option"),
        pytest.param(["--select", "colour=blue"], "unknown attribute 'colour' on product 'jeans'", id="attribute"),
        pytest.param(["--select", "waist=wide"], "--select waist=wide: 'wide' is not a number", id="not a number"),
        pytest.param(["--select", "waist=60"], "60 is not a value of attribute 'waist'", id="out of range"),
        pytest.param(
            ["--select", "cut=boot", "--select", "cut=flare"],
            "--select cut=flare: attribute 'cut' is already selected and takes one value",
            id="one-of twice",
        ),
        pytest.param(["--select", "cut="], "--select cut=: give one option of 'cut'", id="no option"),
        pytest.param(["--select", "cut=boot,flare"], "--select cut=boot,flare: give one option of 'cut'", id="two"),
        pytest.param(["--select", "a,b=x"], "--select: 'a,b' is not a valid attribute or option id", id="bad id"),
        pytest.param(["--product", "bike"], "unknown product 'bike' (products: jeans)", id="unknown product"),
        pytest.param(["--context", "teir=retain"], "unknown context key 'teir' (declared: tier)", id="context key"),
        pytest.param(["--context", "tier=gold"], "unknown value 'gold' for 'tier'", id="context value"),
        pytest.param(["--context", "tier"], "--context tier: expected key=value", id="context shape"),
        pytest.param(["--date", "2025-13-01"], "--date 2025-13-01: not a date (expected YYYY-MM-DD)", id="date"),
        pytest.param(["--locale", "fr"], "unknown locale 'fr' (expected one of: en, es, pt)", id="locale"),
        pytest.param(
            ["--select", "cut=retro", "--date", "2025-05-01"],
            "option 'retro' of attribute 'cut' is not available on 2025-05-01",
            id="withdrawn option",
        ),
    ],
)
def test_bad_input_exits_2_with_a_message(shop_file: str, args: list[str], message: str) -> None:
    code, output = _run(shop_file, *args)
    assert code == 2
    assert message in output
    assert "Traceback" not in output


def test_bad_quantity_exits_2(shop_file: str) -> None:
    code, output = _run(shop_file, "--quantity", "0")
    assert code == 2
    assert "Traceback" not in output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    code, output = _run(str(tmp_path / "none.yaml"), "--select", "cut=boot")
    assert code == 2
    assert "none.yaml: (file): file not found" in output


def test_a_customers_price_uses_the_context_every_page_uses(shop_file: str, configured: Engine) -> None:
    with Session(configured) as session:
        ana = customer(session)
        found = session.get(Customer, ana)
        assert found is not None
        found.tier = "retain"
        session.commit()
        expected = price(shop_catalog("loyalty"), Selection(product="jeans", choices={"cut": "boot"}),
                         customer_context(session=session, customer=found, on=date(2025, 5, 1)))  # fmt: skip
    args = ["price", shop_file, "--select", "cut=boot", "--date", "2025-05-01", "--json"]
    mine = runner.invoke(app, [*args, "--customer", str(ana)])
    assert mine.exit_code == 0, mine.output
    assert json.loads(mine.output)["total"] == expected.total
    anonymous = runner.invoke(app, args)
    assert json.loads(anonymous.output)["total"] > expected.total, "the loyalty discount is the customer's"
    both = runner.invoke(app, [*args, "--customer", str(ana), "--context", "tier=grow"])
    assert both.exit_code == 2
    unknown = runner.invoke(app, [*args, "--customer", "999999"])
    assert unknown.exit_code == 2
    assert "no customer 999999" in unknown.output
