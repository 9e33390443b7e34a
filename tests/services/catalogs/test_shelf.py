"""The shelf: every catalog file of a folder loaded, broken files reported apart, published catalogs by id."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from app.errors import NotFoundError
from app.services.catalogs import shelf
from app.services.catalogs.shelf import cached_shelf, load_shelf, published_catalog, published_shelf
from app.services.catalogs.versions import seed
from tests.conftest import CATALOG_DIR
from tests.factories import shop_yaml


def test_the_shipped_catalogs_load_with_no_problem() -> None:
    shelf = load_shelf(CATALOG_DIR)
    assert {c.id for c in shelf.catalogs} >= {"jeans", "bikes", "business"}
    assert shelf.problems == ()
    assert ("jeans", "jeans") in {(c.id, p.id) for c, p in shelf.products()}


def test_a_broken_file_is_a_problem_and_the_others_still_load(tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(shop_yaml())
    (tmp_path / "broken.yaml").write_text("id: broken\nproducts: 7\n")
    (tmp_path / "notes.txt").write_text("not a catalog")
    shelf = load_shelf(tmp_path)
    assert [c.id for c in shelf.catalogs] == ["shop"]
    assert shelf.problems


def test_a_missing_folder_is_an_empty_shelf(tmp_path: Path) -> None:
    assert load_shelf(tmp_path / "nowhere").catalogs == ()
    assert cached_shelf(CATALOG_DIR) is cached_shelf(CATALOG_DIR)


def test_a_published_catalog_is_found_by_id_and_an_unknown_one_is_not(session: Session) -> None:
    assert published_catalog(session=session, catalog_id="jeans").id == "jeans"
    with pytest.raises(NotFoundError, match="no catalog 'nope'"):
        published_catalog(session=session, catalog_id="nope")


def test_a_reader_that_loses_the_seeding_race_still_finds_the_catalogs(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def another_worker_seeds(*, session: Session) -> int:
        with Session(session.get_bind()) as theirs:
            seed(session=theirs, catalogs=cached_shelf(CATALOG_DIR).catalogs)
        return 0  # this worker's own seeding lost the race and wrote nothing

    monkeypatch.setattr(shelf, "seed_catalogs", another_worker_seeds)
    assert published_catalog(session=session, catalog_id="jeans").id == "jeans"
    assert "jeans" in {catalog.id for catalog in published_shelf(session=session).catalogs}
