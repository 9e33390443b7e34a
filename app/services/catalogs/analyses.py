"""The live analysis of a catalog version, computed once per content and date and shared by every worker.

A small catalog (at most `INLINE_PARTS` options and rules) is analysed in the request that first
asks, so the panel is live right after a save; a larger one is claimed as a stored run and analysed
by the worker (`Jobs.analyse_catalog`), which records its progress product by product.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import TypeAdapter
from sqlmodel import Session

from app.analysis import AnalysisBudget, CatalogAnalysis, analyse_catalog
from app.catalog import Catalog
from app.engine.bdd import Budget
from app.engine.cache import Cache
from app.errors import TailorError
from app.models import AnalysisRun
from app.models.base import utcnow
from app.services.catalogs.in_force import catalog_by_hash, catalog_of_version
from app.services.catalogs.runs import (
    Question,
    fail_run,
    finish_run,
    record_progress,
    run_by_id,
    settled,
)
from app.services.catalogs.versions import version_by_id

INLINE_PARTS = 300
"""Options and rules (over every product) up to which a catalog is analysed in the request."""
BACKGROUND_BUDGET = AnalysisBudget(compile=Budget(seconds=60.0, circuit_seconds=60.0))
"""The worker's budget: a minute per compiled form, then the search answers what it can."""
_ANALYSIS = TypeAdapter(CatalogAnalysis)


@dataclass(frozen=True)
class RunView:
    """What a page shows of a stored run: its state and progress, and the answer once done."""

    status: str
    """running, done or failed."""
    done: int = 0
    total: int = 0
    current: str = ""
    error: str = ""
    background: bool = False
    on: date | None = None
    finished_at: Any = None


@dataclass(frozen=True)
class VersionAnalysis:
    """A version's analysis on a date: done (with `analysis`), running (progress) or failed."""

    run: RunView
    analysis: CatalogAnalysis | None = None


def parts(catalog: Catalog) -> int:
    """Options (numeric values counted by their bounds' span as one) and rules, over every product."""
    total = 0
    for product in catalog.products:
        total += len(product.rules)
        for attribute in product.attribute_index.values():
            total += len(getattr(attribute, "options", ()) or ()) or 1
    return total


def version_analysis(
    *, session: Session, version_id: int, on: date | None = None, inline_parts: int = INLINE_PARTS
) -> VersionAnalysis:
    """The analysis of the version's document on `on` (default today, UTC): stored, computed now when
    the catalog is small, or started in the background."""
    version = version_by_id(session=session, version_id=version_id)
    on = on or utcnow().date()
    catalog = catalog_of_version(version)
    small = parts(catalog) <= inline_parts
    question = Question("analysis", version.catalog_id, version.content_hash, on)

    def compute() -> dict[str, Any]:
        dumped: dict[str, Any] = _ANALYSIS.dump_python(analyse_catalog(catalog, on, cache=Cache()), mode="json")
        return dumped

    run = settled(session=session, question=question, compute=compute if small else None, task="analyse_catalog")
    found = _ANALYSIS.validate_python(run.result) if run.status == "done" and run.result is not None else None
    return VersionAnalysis(view_of(run, background=not small), found)


def view_of(run: AnalysisRun, *, background: bool) -> RunView:
    """The page's view of a stored run."""
    return RunView(run.status, run.done, run.total, run.current, run.error, background, run.on, run.finished_at)


def analyse_stored(*, session: Session, run_id: int) -> None:
    """The worker's part: analyse a claimed run's document product by product, recording progress."""
    run = run_by_id(session=session, run_id=run_id)
    try:
        catalog = catalog_by_hash(session=session, catalog_id=run.catalog_id, digest=run.key)
        result = _analysed(session, run_id, catalog, run.on)
    except TailorError as error:
        fail_run(session=session, run_id=run_id, error=error.message)
        return
    except Exception as error:
        fail_run(session=session, run_id=run_id, error=f"{type(error).__name__}: {error}")
        raise
    finish_run(session=session, run_id=run_id, result=_ANALYSIS.dump_python(result, mode="json"))


def _analysed(session: Session, run_id: int, catalog: Catalog, on: date) -> CatalogAnalysis:
    cache = Cache()
    result = CatalogAnalysis(catalog.id, catalog.version, on)
    products = [p.id for p in catalog.products]
    for done, product in enumerate(products):

        def progress(stage: str, step: int, steps: int, done: int = done, product: str = product) -> None:
            current = f"{product}: {stage} ({step}/{steps})"
            record_progress(session=session, run_id=run_id, done=done, total=len(products), current=current)

        progress("starting", 0, 0)
        one = analyse_catalog(catalog, on, budget=BACKGROUND_BUDGET, cache=cache, progress=progress, products=[product])
        result.products += one.products
    return result
