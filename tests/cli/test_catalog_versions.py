"""`tailor catalog publish|export|versions`, `diff` of stored versions and `import --draft` on the configured
database (both backends)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import app
from app.models import CatalogVersion
from app.models.base import utcnow
from app.services.accounts.roles import set_role
from app.services.catalogs.in_force import version_in_force
from app.services.catalogs.versions import versions
from tests.conftest import CATALOG_DIR
from tests.factories import account
from tests.mailbox import use_settings

runner = CliRunner()
UVL = "features\n\tShop\n\t\toptional\n\t\t\tGift\n\t\t\tWrap\nconstraints\n\tWrap => Gift\n"


def repriced_file(tmp_path: Path, base_price: int) -> Path:
    data = yaml.safe_load((CATALOG_DIR / "jeans.yaml").read_text(encoding="utf-8"))
    data["products"][0]["base_price"] = base_price
    path = tmp_path / "jeans.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_publish_for_tomorrow_then_list_export_and_diff(configured: Engine, tmp_path: Path) -> None:
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    published = runner.invoke(app, ["catalog", "publish", str(repriced_file(tmp_path, 4321)), "--effective", tomorrow])
    assert published.exit_code == 0, published.output
    assert f"catalog 'jeans' version 2, in force from {tomorrow}T00:00:00+00:00" in published.output
    listed = runner.invoke(app, ["catalog", "versions", "jeans"])
    assert listed.exit_code == 0, listed.output
    assert "jeans@1  published (in force)" in listed.output
    assert "jeans@2  published  hash" in listed.output
    assert "seed" in listed.output
    with Session(configured) as session:
        assert [v.number for v in versions(session=session, catalog_id="jeans")] == [1, 2]
        found = version_in_force(session=session, catalog_id="jeans")
        assert found is not None
        assert found.number == 1
    out = tmp_path / "out.yaml"
    exported = runner.invoke(app, ["catalog", "export", "jeans@2", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["products"][0]["base_price"] == 4321
    changed = runner.invoke(app, ["catalog", "diff", "jeans@1", "jeans@2", "--no-semantic"], env={"COLUMNS": "200"})
    assert changed.exit_code == 0, changed.output
    assert "changed product 'jeans': base_price" in changed.output
    same = runner.invoke(app, ["catalog", "diff", "jeans@2", str(out), "--no-semantic"], env={"COLUMNS": "200"})
    assert same.exit_code == 0, same.output
    assert "changed" not in same.output


def test_bad_references_and_bad_files_are_clear_errors(configured: Engine, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["catalog", "export", "nope"])
    assert missing.exit_code == 2
    assert "no version of catalog 'nope' is in force" in missing.output
    unknown = runner.invoke(app, ["catalog", "export", "jeans@9"])
    assert unknown.exit_code == 2
    assert "no version 9 of catalog 'jeans'" in unknown.output
    assert runner.invoke(app, ["catalog", "versions", "nope"]).exit_code == 2
    assert "no version 9 of catalog 'jeans'" in runner.invoke(app, ["catalog", "diff", "jeans@1", "jeans@9"]).output
    bad_date = runner.invoke(app, ["catalog", "publish", str(repriced_file(tmp_path, 1)), "--effective", "soon"])
    assert bad_date.exit_code == 2
    assert "not a date" in bad_date.output
    negative = runner.invoke(app, ["catalog", "publish", str(repriced_file(tmp_path, -1))])
    assert negative.exit_code == 2
    assert "jeans.yaml:" in negative.output
    with Session(configured) as session:
        assert len(versions(session=session, catalog_id="jeans")) == 1


def test_an_imported_model_lands_in_a_draft_never_live(configured: Engine, tmp_path: Path) -> None:
    model = tmp_path / "shop.uvl"
    model.write_text(UVL, encoding="utf-8")
    result = runner.invoke(app, ["catalog", "import", "--format", "uvl", str(model), "--draft"])
    assert result.exit_code == 0, result.output
    assert "draft" in result.output
    with Session(configured) as session:
        catalog_id = next(v for v in _all_drafts(session)).catalog_id
        assert version_in_force(session=session, catalog_id=catalog_id) is None
    nowhere = runner.invoke(app, ["catalog", "import", "--format", "uvl", str(model)])
    assert nowhere.exit_code == 2
    assert "--output FILE, --draft" in nowhere.output


def _all_drafts(session: Session) -> list[CatalogVersion]:
    return list(session.exec(select(CatalogVersion).where(CatalogVersion.status == "draft")).all())


def test_publish_compiles_the_version_so_it_serves_at_once_without_a_worker(
    configured: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_settings(monkeypatch, catalog_compile_inline=False)
    published = runner.invoke(app, ["catalog", "publish", str(repriced_file(tmp_path, 4321))])
    assert published.exit_code == 0, published.output
    assert "compiled 1 of 1 products" in published.output
    with Session(configured) as session:
        found = version_in_force(session=session, catalog_id="jeans")
        assert found is not None
        assert found.number == 2


def test_without_compiling_the_previous_version_serves_until_the_worker_compiles(
    configured: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_settings(monkeypatch, catalog_compile_inline=False)
    published = runner.invoke(app, ["catalog", "publish", str(repriced_file(tmp_path, 4321)), "--no-compile"])
    assert published.exit_code == 0, published.output
    with Session(configured) as session:
        found = version_in_force(session=session, catalog_id="jeans")
        assert found is not None
        assert found.number == 1


def test_publish_names_its_author_who_must_manage_catalogs(configured: Engine, tmp_path: Path) -> None:
    with Session(configured) as session:
        made = account(session, "cat@example.com", name="Cat")
        set_role(session=session, email="cat@example.com", role="catalog_manager")
        account(session, "ana@example.com", name="Ana")
        author_id = made.id
    refused = runner.invoke(
        app, ["catalog", "publish", str(repriced_file(tmp_path, 4321)), "--author", "ana@example.com"]
    )
    assert refused.exit_code == 2
    assert "the account 'ana@example.com' is a customer" in refused.output
    unknown = runner.invoke(
        app, ["catalog", "publish", str(repriced_file(tmp_path, 4321)), "--author", "x@example.com"]
    )
    assert unknown.exit_code == 2
    assert "no account has the e-mail 'x@example.com'" in unknown.output
    published = runner.invoke(
        app, ["catalog", "publish", str(repriced_file(tmp_path, 4321)), "--author", "Cat@Example.com"]
    )
    assert published.exit_code == 0, published.output
    with Session(configured) as session:
        assert [version.author_id for version in versions(session=session, catalog_id="jeans")] == [None, author_id]
