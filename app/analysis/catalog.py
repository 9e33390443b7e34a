"""The analysis of a catalog version (a draft) on a date, product by product."""

from __future__ import annotations

from datetime import date

from app.analysis.budget import AnalysisBudget, Progress, Work, quiet
from app.analysis.product import analyse_product
from app.analysis.results import CatalogAnalysis
from app.catalog.model import Catalog
from app.engine.cache import Cache


def analyse_catalog(
    catalog: Catalog,
    on: date,
    *,
    budget: AnalysisBudget | None = None,
    cache: Cache | None = None,
    progress: Progress = quiet,
    products: list[str] | None = None,
) -> CatalogAnalysis:
    """Every product (or those named) analysed on `on`, within `budget` per product."""
    budget = budget or AnalysisBudget()
    cache = cache or Cache()
    result = CatalogAnalysis(catalog.id, catalog.version, on)
    for product in catalog.products:
        if products is not None and product.id not in products:
            continue
        work = Work(catalog, product, on, budget, cache, progress)
        result.products.append(analyse_product(work))
    return result
