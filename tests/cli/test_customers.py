"""`tailor customers|value|db` on the configured database (both backends)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import app
from app.models import Customer, DuplicateCandidate
from tests.factories import customer

runner = CliRunner()

CSV = """E-mail,Phone,First,Last,Born,Street,City
ana@example.com,612 345 678,Ana,Ruiz,1990-04-02,Calle Mayor 5,Madrid
bo@example.com,,Bo,Lind,,,
,,No,Identifier,,,
cy@example,,Cy,Bad,,,
ANA@example.com,,Ana,Ruiz,1990-04-02,,
dee@example.com,,Dee,Date,02/04/1990,,
"""
MAPPING = [
    "--map",
    "email=E-mail",
    "--map",
    "phone=Phone",
    "--map",
    "given_name=First",
    "--map",
    "family_name=Last",
    "--map",
    "date_of_birth=Born",
    "--map",
    "street=Street",
    "--map",
    "city=City",
]


def test_import_reports_rejected_rows_with_line_and_reason(configured: Engine, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text(CSV)
    result = runner.invoke(app, ["customers", "import", str(source), *MAPPING, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["created"], report["matched"]) == (2, 1)
    rejected = {r["line"]: r["reason"] for r in report["rejected"]}
    assert sorted(rejected) == [4, 5, 7]
    assert rejected[4].startswith("no identifier")
    assert "date_of_birth '02/04/1990' is not a date" in rejected[7]
    assert "cy@example" in rejected[5]
    with Session(configured) as session:
        ana = session.exec(select(Customer).where(Customer.name == "Ana Ruiz")).one()
        assert str(ana.date_of_birth) == "1990-04-02"


def test_import_with_a_missing_column_is_bad_input(configured: Engine, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("Mail\nana@example.com\n")
    result = runner.invoke(app, ["customers", "import", str(source), "--map", "email=E-mail"])
    assert result.exit_code == 2
    assert "no column 'E-mail'" in result.output


def test_merge_unmerge_export_erase_and_recompute(configured: Engine, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text(CSV)
    runner.invoke(app, ["customers", "import", str(source), *MAPPING])
    with Session(configured) as session:
        ids = sorted(int(c.id or 0) for c in session.exec(select(Customer)).all())
        session.add(DuplicateCandidate(left_id=ids[0], right_id=ids[1], probability=0.93))
        session.commit()
    queue = runner.invoke(app, ["customers", "duplicates", "--no-find", "--json"])
    assert json.loads(queue.output) == [{"left": ids[0], "right": ids[1], "probability": 0.93}]
    merged = runner.invoke(app, ["customers", "merge", str(ids[0]), str(ids[1])])
    assert merged.exit_code == 0, merged.output
    again = runner.invoke(app, ["customers", "merge", str(ids[0]), str(ids[1])])
    assert again.exit_code == 2
    assert "already merged" in again.output
    undo = runner.invoke(app, ["customers", "unmerge", "1"])
    assert undo.exit_code == 0, undo.output
    exported = runner.invoke(app, ["customers", "export", str(ids[0])])
    assert json.loads(exported.output)["identifiers"][0]["value"] == "ana@example.com"
    assert runner.invoke(app, ["customers", "erase", str(ids[0]), "--yes"]).exit_code == 0
    missing = runner.invoke(app, ["customers", "export", "999999"])
    assert missing.exit_code == 2
    assert "no customer 999999" in missing.output
    tiers = runner.invoke(app, ["value", "recompute"])
    assert tiers.exit_code == 0, tiers.output
    assert "ordinary" in tiers.output or "grow" in tiers.output


def test_duplicates_finds_and_lists_the_queue(configured: Engine, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text(
        "email,phone,given_name,family_name,date_of_birth,street,city\n"
        "maria.garcia@example.com,612345678,María,García López,1980-04-12,Calle Mayor 5,Madrid\n"
        "mgarcia@example.org,699111222,Maria,Garcia Lopez,1980-04-12,C/ Mayor 5,Madrid\n"
        "jon@example.com,,Jon,Etxeberria,1971-09-30,Kale Nagusia 1,Bilbao\n"
    )
    assert runner.invoke(app, ["customers", "import", str(source)]).exit_code == 0
    found = runner.invoke(app, ["customers", "duplicates"])
    assert found.exit_code == 0, found.output
    assert "new in the queue" in found.output
    listed = runner.invoke(app, ["customers", "duplicates", "--no-find", "--json"])
    pairs = json.loads(listed.output)
    assert [(p["left"], p["right"]) for p in pairs] == [(1, 2)]
    assert runner.invoke(app, ["customers", "reject", "1"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["customers", "duplicates", "--no-find", "--json"]).output) == []


def test_update_applies_a_change_from_the_version_read_and_refuses_a_stale_one(configured: Engine) -> None:
    with Session(configured) as session:
        who = customer(session)
    done = runner.invoke(app, ["customers", "update", str(who), "--version", "1", "--family-name", "Ruiz Gil",
                               "--born", "1990-04-02"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "now version 2" in done.output
    stale = runner.invoke(app, ["customers", "update", str(who), "--version", "1", "--name", "Ana R."])
    assert stale.exit_code == 2
    assert "changed by someone else (now version 2, your copy is version 1)" in stale.output
    bad = runner.invoke(app, ["customers", "update", str(who), "--version", "2", "--born", "2027-02-30"])
    assert bad.exit_code == 2
    assert "not a date" in bad.output
    with Session(configured) as session:
        found = session.get(Customer, who)
        assert found is not None
        assert (found.family_name, found.name, found.version) == ("Ruiz Gil", "Ana Ruiz", 2)
