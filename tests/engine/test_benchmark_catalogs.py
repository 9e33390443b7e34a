"""Every imported benchmark catalog is loaded, counted and queried; BR4CP sales replay without dead ends."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.catalog import Catalog
from app.catalog.attributes import ManyOf
from app.catalog.evaluate import Choices, check_configuration
from app.engine.bdd import Budget
from app.engine.engine import Engine
from app.engine.limits import Clock, Limits
from bench.catalogs import import_benchmark

ON = date(2026, 6, 1)
PATIENT = 600.0
"""A safety net no loaded machine reaches: the answers these tests check depend on work budgets only."""
COUNTS = {"megane": 2_835_456_006_272, "br4cp-medium": 278_744, "jhipster": 26_256, "truck": 234}


def imported(bench_dir: Path, name: str) -> Catalog:
    return import_benchmark(name, bench_dir).catalog


def click_through(engine: Engine, rng_seed: int, steps: int) -> Choices:
    """Pick valid options one attribute at a time; every pick must leave a valid configuration."""
    import random

    rng = random.Random(rng_seed)
    selection: Choices = {}
    singles = [a.id for a in engine.product.attributes() if not isinstance(a, ManyOf)]
    for attribute in rng.sample(singles, min(steps, len(singles))):
        answer = engine.options(selection, {}, ON, limits=Limits(seconds=PATIENT))
        assert answer.conflict is None
        assert answer.valid[attribute], f"dead end at {attribute}"
        selection[attribute] = rng.choice(answer.valid[attribute])
    return selection


@pytest.mark.parametrize(
    "name", ["megane", "br4cp-medium", "br4cp-big", "truck", "jhipster", "pc", "pc-prices", "eshop"]
)
def test_benchmark_catalog_compiles_counts_and_answers(bench_dir: Path, name: str) -> None:
    catalog = imported(bench_dir, name)
    engine = Engine.open(catalog)
    assert engine.method == "diagram"
    total = engine.count({}, {}, ON, seconds=PATIENT).count
    if name in COUNTS:
        assert total == COUNTS[name]
    assert total > 0
    selection = click_through(engine, 7, 12)
    assert engine.count(selection, {}, ON, seconds=PATIENT).count > 0
    best = engine.complete(selection, {}, ON, k=1, seconds=PATIENT)
    assert best
    assert check_configuration(catalog.product(), best[0].choices, {}, ON) == []


def test_small_feature_model_counts_agree_with_search(bench_dir: Path) -> None:
    catalog = imported(bench_dir, "truck")
    search = Engine.open(catalog, method="search")
    assert search.count({}, {}, ON, seconds=PATIENT).count == COUNTS["truck"]


AUTOMOTIVE01 = int(
    "52785392198213146702745776989782496142263297641800352587686504281394313169434789504931644602615623102155351"
    "34411549961261182654628944393235199702191846914047929088235490694238744799357173760000000000000000000000"
)
"""automotive01's count by Ganak (pyganak, projected on the value literals), a counter independent of d4."""


def test_automotive01_falls_back_to_the_circuit_with_exact_counts(bench_dir: Path) -> None:
    catalog = imported(bench_dir, "automotive01")
    engine = Engine.open(catalog, budget=Budget(reordering=10_000_000))
    assert engine.method == "circuit"
    assert engine.fallback == "the diagram's reordering ran past 10,000,000 steps"
    search = Engine.open(catalog, method="search")
    answer = engine.options({}, {}, ON, limits=Limits(seconds=PATIENT))
    assert answer.count == AUTOMOTIVE01
    assert answer.count_exact
    selection = click_through(engine, 3, 6)
    _, allowed = engine.masks(selection, {}, ON)
    assert engine.circuit is not None
    expected = search.search.valid_values(allowed, 10**6, Clock(float("inf")))
    assert not expected.narrowed
    found = engine.circuit.valid_values(allowed)
    assert all((found[var] == mask).all() for var, mask in expected.masks.items())
    assert 0 < engine.count(selection, {}, ON, seconds=PATIENT).count < AUTOMOTIVE01
    offers = engine.complete(selection, {}, ON, k=3, seconds=PATIENT)
    assert offers
    for offer in offers:
        assert check_configuration(catalog.product(), offer.choices, {}, ON) == []


def test_automotive01_by_search_still_answers(bench_dir: Path) -> None:
    catalog = imported(bench_dir, "automotive01")
    engine = Engine.open(catalog, method="search")
    assert engine.method == "search"
    patient = Limits(seconds=PATIENT)
    answer = engine.options({}, {}, ON, limits=patient)
    assert answer.count is not None
    assert answer.count > 0
    chosen = next(a for a in engine.product.attributes() if len(answer.valid[a.id]) > 1 and not isinstance(a, ManyOf))
    value = answer.valid[chosen.id][-1]
    assert engine.options({chosen.id: value}, {}, ON, limits=patient).conflict is None
    offers = engine.complete({chosen.id: value}, {}, ON, k=3, seconds=PATIENT)
    assert offers
    for offer in offers:
        assert check_configuration(catalog.product(), offer.choices, {}, ON) == []


def sales(bench_dir: Path, name: str, rows: int) -> list[dict[str, str]]:
    """Sold configurations spread over the year's file (every n-th row)."""
    lines = (bench_dir / f"renault_br4cp/config_{name}_filtered.txt").read_text().split("\n")
    header = lines[0].split()
    body = [line.split() for line in lines[1:] if line.strip()]
    step = max(1, len(body) // rows)
    return [dict(zip(header, row, strict=True)) for row in body[::step][:rows]]


@pytest.mark.parametrize("name", ["medium", "big"])
def test_sales_replay_never_hits_a_dead_end(bench_dir: Path, name: str) -> None:
    engine = Engine.open(imported(bench_dir, f"br4cp-{name}"))
    for sold in sales(bench_dir, name, 4):
        selection: Choices = {}
        for attribute, option in sold.items():
            answer = engine.options(selection, {}, ON, limits=Limits(seconds=PATIENT))
            assert option in answer.valid[attribute], (attribute, option, answer.excluded.get(attribute))
            selection[attribute] = option
        final = engine.options(selection, {}, ON, limits=Limits(seconds=PATIENT))
        assert final.conflict is None
        assert final.count is not None
        assert final.count >= 1
        assert selection == sold
