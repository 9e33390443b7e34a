"""The published catalogs: every catalog file in the catalog folder, loaded once and cached."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.catalog import Catalog, CatalogError, CatalogIssue, Product, load_catalog
from app.config import get_settings
from app.errors import NotFoundError

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


def published_shelf() -> CatalogShelf:
    """The shelf of the configured catalog folder (`TAILOR_CATALOG_DIR`)."""
    return cached_shelf(get_settings().catalog_dir)


def published_catalog(catalog_id: str) -> Catalog:
    """The published catalog `catalog_id` (not found when there is none)."""
    catalog = next((c for c in published_shelf().catalogs if c.id == catalog_id), None)
    if catalog is None:
        raise NotFoundError("no catalog '{catalog}'", catalog=catalog_id[:100])
    return catalog
