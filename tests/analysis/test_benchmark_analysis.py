"""The Renault Megane analysed: every dead option it finds is confirmed by the plain-Python checker."""

from __future__ import annotations

from pathlib import Path

from app.analysis import AnalysisBudget, analyse_catalog
from bench.catalogs import import_benchmark
from tests.analysis.test_shipped_analysis import _excluded
from tests.catalog.shipped import ON


def test_megane_dead_options_are_confirmed_by_the_checker(bench_dir: Path) -> None:
    catalog = import_benchmark("megane", bench_dir).catalog
    analysis = analyse_catalog(catalog, ON, budget=AnalysisBudget(rule_work=0))
    (product,) = analysis.products
    assert product.method == "diagram"
    (group,) = product.groups
    assert group.count is not None
    assert group.count.count == 2_835_456_006_272
    dead = analysis.findings("dead_option")
    assert dead
    megane = catalog.product()
    for finding in dead:
        rules = [r for r in megane.rules if r.id in {c.rule for c in finding.causes}]
        assert rules
        assert _excluded(megane, rules, finding.location.attribute or "", finding.location.option or "", {})
    (left,) = analysis.not_computed()
    assert left.part == "redundant rules"
