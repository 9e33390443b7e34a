"""Analysis benchmark: a catalog draft analysed after an edit, and a diff, with the issue's targets.

Run: `.venv/bin/python -m bench.analysis [--only NAME ...] [--skip automotive01]` (benchmark models
need ../shared/bench beside the clone). Each case runs on a fresh engine cache, so the figure after an
edit includes compiling the edited version (as a workspace does after a save); "again" is the same
analysis with the cache warm. Targets: jeans <= 1 s after an edit, Renault Megane <= 15 s with
progress; automotive01 runs within a compile budget and reports what it did and what it left out.
Findings and what was not computed are printed below the table.
"""

from __future__ import annotations

import argparse
import copy
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from app.analysis import AnalysisBudget, CatalogAnalysis, analyse_catalog
from app.analysis.diff import CatalogDiff, diff_catalogs
from app.catalog import Catalog, load_catalog, load_catalog_text
from app.engine.bdd import Budget
from app.engine.cache import Cache
from bench.catalogs import BENCH, import_benchmark

ROOT = Path(__file__).resolve().parents[1]
ON = date(2026, 12, 1)
console = Console(highlight=False)


def jeans_edited() -> tuple[Catalog, Catalog]:
    """The shipped jeans, and a draft: a new wash with a rule leaving it to no fit (a dead option), a dearer wash."""
    document: dict[str, Any] = yaml.safe_load((ROOT / "catalog" / "jeans.yaml").read_text(encoding="utf-8"))
    edited = copy.deepcopy(document)
    product = edited["products"][0]
    wash = next(a for m in product["modules"] for a in m["attributes"] if a["id"] == "wash")
    wash["options"].append({"id": "acid", "label": {"en": "Acid wash"}, "price": 1500})
    wash["options"][0]["price"] = wash["options"][0].get("price", 0) + 1000
    fits = [o["id"] for o in product["modules"][0]["attributes"][0]["options"]]
    product["rules"].append(
        {
            "id": "acid_for_no_fit",
            "kind": "excludes",
            "message": {"en": "Acid wash is not made in this fit."},
            "if": {"attribute": "wash", "equals": "acid"},
            "then": {"attribute": "fit", "in": fits},
        }
    )
    text = yaml.safe_dump(edited, allow_unicode=True, sort_keys=False)
    return load_catalog(ROOT / "catalog" / "jeans.yaml"), load_catalog_text(text)


def timed_analysis(catalog: Catalog, budget: AnalysisBudget, progress: bool) -> tuple[float, float, CatalogAnalysis]:
    """Seconds of the analysis on a fresh cache, seconds again on the warm cache, and the analysis."""
    with tempfile.TemporaryDirectory() as folder:
        cache = Cache(Path(folder))
        started = time.perf_counter()
        report = _progress(started) if progress else None
        kwargs: dict[str, Any] = {"progress": report} if report else {}
        analysis = analyse_catalog(catalog, ON, budget=budget, cache=cache, **kwargs)
        first = time.perf_counter() - started
        started = time.perf_counter()
        analyse_catalog(catalog, ON, budget=budget, cache=cache)
        return first, time.perf_counter() - started, analysis


def _progress(started: float) -> Any:
    shown = [0.0]

    def report(stage: str, done: int, total: int) -> None:
        now = time.perf_counter() - started
        if now - shown[0] >= 2.0 or done == total:
            console.print(f"  [dim]{now:6.1f} s  {stage} ({done}/{total})[/dim]")
            shown[0] = now

    return report


def summary(analysis: CatalogAnalysis) -> str:
    """Findings by kind, and how many parts were not computed."""
    kinds = Counter(f.kind for f in analysis.findings())
    text = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) or "no findings"
    left = analysis.not_computed()
    return text + (f"; {len(left)} parts not computed" if left else "")


def diff_summary(diff: CatalogDiff) -> str:
    """Changes, and configurations removed and added, summed over the context groups."""
    groups = [g for p in diff.products for g in p.groups if g.removed is not None and g.added is not None]
    removed, added = sum(g.removed or 0 for g in groups), sum(g.added or 0 for g in groups)
    counts = f"-{removed:,} / +{added:,} configurations over {len(groups)} context groups"
    return f"{len(diff.changes)} changes, {len(diff.prices)} price changes, {counts}"


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--skip", nargs="*", default=[])
    args = parser.parse_args()
    wanted = [n for n in (args.only or ["jeans", "megane", "automotive01", "diff"]) if n not in args.skip]
    table = Table("case", "target", "seconds", "again s", "result")
    notes: list[str] = []
    before, after = jeans_edited()
    if "jeans" in wanted:
        first, again, analysis = timed_analysis(after, AnalysisBudget(), progress=False)
        table.add_row("jeans draft after an edit", "<= 1 s", f"{first:.2f}", f"{again:.2f}", summary(analysis))
        notes += [
            f"jeans: {f.severity}: {f.location.field}: {f.message}" for f in analysis.findings() if f.severity != "info"
        ]
    for name, budget in (
        ("megane", AnalysisBudget()),
        ("automotive01", AnalysisBudget(compile=Budget(seconds=60.0, circuit_seconds=60.0))),
    ):
        if name not in wanted:
            continue
        if not (BENCH / "renault").is_dir():
            table.add_row(name, "", "missing ../shared/bench", "", "")
            continue
        console.print(f"{name}:")
        catalog = import_benchmark(name).catalog
        first, again, analysis = timed_analysis(catalog, budget, progress=True)
        target = "<= 15 s" if name == "megane" else "budget"
        method = analysis.products[0].method
        table.add_row(name, target, f"{first:.2f}", f"{again:.2f}", f"{method}: {summary(analysis)}")
        notes += [f"{name}: not computed: {n.part}: {n.why}" for n in analysis.not_computed()]
    if "diff" in wanted:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            diff = diff_catalogs(before, after, ON, cache=Cache(Path(folder)))
            first = time.perf_counter() - started
            started = time.perf_counter()
            diff_catalogs(before, after, ON, cache=Cache(Path(folder)))
            again = time.perf_counter() - started
        table.add_row("diff jeans vs jeans draft", "", f"{first:.2f}", f"{again:.2f}", diff_summary(diff))
    console.print(table)
    for note in notes:
        console.print(note, soft_wrap=True)


if __name__ == "__main__":
    main()
