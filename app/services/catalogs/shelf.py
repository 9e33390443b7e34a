"""The published catalogs: the versions in force in the database, seeded from the catalog folder.

The folder (`TAILOR_CATALOG_DIR`) is read once per process: on an empty database its catalogs become
the first published versions; its files that do not load are the shelf's problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session

from app.catalog import Catalog, CatalogError, CatalogIssue, Product, load_catalog
from app.config import get_settings
from app.errors import NotFoundError
from app.services.catalogs.in_force import catalog_by_hash, catalog_in_force, versions_in_force
from app.services.catalogs.versions import seed

CATALOG_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class CatalogShelf:
    """The catalogs that loaded, and the problems of the files that did not."""

    catalogs: tuple[Catalog, ...]
    problems: tuple[CatalogIssue, ...]

    def products(self) -> list[tuple[Catalog, Product]]:
        """Every product of every catalog, with the catalog it belongs to."""
        return [(catalog, product) for catalog in self.catalogs for product in catalog.products]


def load_shelf(catalog_dir: Path) -> CatalogShelf:
    """Load every catalog file in `catalog_dir` (sorted by name), keeping problems apart."""
    catalogs: list[Catalog] = []
    problems: list[CatalogIssue] = []
    for path in sorted(catalog_dir.iterdir()) if catalog_dir.is_dir() else []:
        if path.suffix.lower() not in CATALOG_SUFFIXES:
            continue
        try:
            catalogs.append(load_catalog(path))
        except CatalogError as error:
            problems.extend(error.issues)
    return CatalogShelf(catalogs=tuple(catalogs), problems=tuple(problems))


@lru_cache(maxsize=4)
def cached_shelf(catalog_dir: Path) -> CatalogShelf:
    """`load_shelf`, once per folder per process."""
    return load_shelf(catalog_dir)


def seed_catalogs(*, session: Session) -> int:
    """Import the catalog folder (`TAILOR_CATALOG_DIR`) as the first published versions of an empty database."""
    return len(seed(session=session, catalogs=cached_shelf(get_settings().catalog_dir).catalogs))


def published_shelf(*, session: Session, on: datetime | None = None) -> CatalogShelf:
    """The catalogs in force at `on` (default: now), and the problems of the seed files that did not load.

    An empty database is seeded from the catalog folder first.
    """
    found = versions_in_force(session=session, on=on)
    if not found:
        seed_catalogs(session=session)  # seeded here, or by another worker at this very moment: look again
        found = versions_in_force(session=session, on=on)
    catalogs = tuple(catalog_by_hash(session=session, catalog_id=v.catalog_id, digest=v.content_hash) for v in found)
    return CatalogShelf(catalogs=catalogs, problems=cached_shelf(get_settings().catalog_dir).problems)


def published_catalog(*, session: Session, catalog_id: str, on: datetime | None = None) -> Catalog:
    """The catalog `catalog_id` in force at `on` (default: now); not found when there is none."""
    try:
        return catalog_in_force(session=session, catalog_id=catalog_id, on=on)
    except NotFoundError:
        seed_catalogs(session=session)  # seeded here, or by another worker at this very moment: look again
    return catalog_in_force(session=session, catalog_id=catalog_id, on=on)


def catalog_made_on(*, session: Session, catalog_id: str, digest: str | None) -> Catalog:
    """The exact catalog version a saved configuration or order line was made on (by content hash); the one
    in force now for rows made before versions were kept, or on a catalog the database does not hold."""
    if digest is not None:
        try:
            return catalog_by_hash(session=session, catalog_id=catalog_id, digest=digest)
        except NotFoundError:
            pass
    return published_catalog(session=session, catalog_id=catalog_id)
