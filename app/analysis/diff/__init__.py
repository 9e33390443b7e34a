"""The diff of two catalog versions: structural (parts and fields) and semantic (configurations, availability)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.analysis.budget import Progress, quiet
from app.analysis.diff.semantic import ContextDelta, ProductDiff, product_diff
from app.analysis.diff.structure import Change, FieldChange, PriceChange, price_changes, structural_changes
from app.catalog.model import Catalog
from app.engine.bdd import Budget
from app.engine.cache import Cache

__all__ = [
    "CatalogDiff",
    "Change",
    "ContextDelta",
    "FieldChange",
    "PriceChange",
    "ProductDiff",
    "diff_catalogs",
    "product_diff",
]


@dataclass
class CatalogDiff:
    """Two catalog versions compared on one date."""

    before: str
    after: str
    on: date
    changes: list[Change] = field(default_factory=list)
    prices: list[PriceChange] = field(default_factory=list)
    products: list[ProductDiff] = field(default_factory=list)


def diff_catalogs(
    before: Catalog,
    after: Catalog,
    on: date,
    *,
    semantic: bool = True,
    cache: Cache | None = None,
    budget: Budget | None = None,
    progress: Progress = quiet,
) -> CatalogDiff:
    """Structural changes, price changes on `on` and (with `semantic`) each shared product's semantic diff."""
    result = CatalogDiff(before.version, after.version, on, structural_changes(before, after))
    result.prices = price_changes(before, after, on)
    if semantic:
        for product in after.products:
            if product.id in before.product_index:
                found = product_diff(before, after, product.id, on, cache=cache, budget=budget, progress=progress)
                result.products.append(found)
    return result
