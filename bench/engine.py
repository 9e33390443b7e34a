"""Engine benchmark: compile, cache load and per-click operations on every catalog, with targets.

Run: `.venv/bin/python -m bench.engine [--quick] [--only NAME ...]` (benchmark models need
../shared/bench beside the clone). Each catalog runs in its own process, so its peak memory is
its own. Click sequences: BR4CP medium and big replay their sales histories attribute by
attribute (a sold value that is not offered is a dead end; there must be none); the other
catalogs make seeded random valid clicks. Questions go to the engine loaded from the cache, as an
app worker's would. Per operation: p50 / p95 / max in ms of `options`
(valid options with reasons and count), `count`, `conflict` (a clashing pick: conflict and three
repairs), `complete` (best and two alternatives), and the naive method for comparison (one CP-SAT
feasibility solve per option), with the naive / options ratio. "combination ÷ excluded" counts the
excluded options whose reason is "excluded by a combination of rules" (the reasons' work budget
left them unexplained) among all excluded options of the clicks: with budgets that count work, not
time, it is the same on any machine. Engines open with the default budgets, as an app worker's do.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from ortools.sat.python import cp_model
from rich.console import Console
from rich.table import Table

from app.catalog import Catalog, load_catalog
from app.catalog.attributes import ManyOf
from app.catalog.evaluate import Choices
from app.engine.bdd import Budget
from app.engine.cache import Cache
from app.engine.engine import Engine
from app.engine.explain import COMBINATION
from bench.catalogs import BENCH, MODELS, import_benchmark

ROOT = Path(__file__).resolve().parents[1]
ON = date(2026, 6, 1)
SALES = {"br4cp-medium": "medium", "br4cp-big": "big"}
OPERATIONS = ["options", "count", "conflict", "complete", "naive"]
TARGETS = {"count": 100.0, "conflict": 50.0, "complete": 200.0}


def names() -> list[str]:
    """Every catalog the benchmark knows: the shipped ones, then the benchmark models."""
    shipped = [path.stem for path in sorted((ROOT / "catalog").glob("*.yaml"))]
    return shipped + (list(MODELS) if BENCH.is_dir() else [])


def load(name: str) -> Catalog:
    """A shipped catalog, or a benchmark model imported as one."""
    if name not in MODELS:
        return load_catalog(ROOT / "catalog" / f"{name}.yaml")
    return import_benchmark(name).catalog


def timed(samples: dict[str, list[float]], operation: str, call: Callable[[], Any]) -> Any:
    """Run `call`, add its time in ms to `samples[operation]`, return its result."""
    started = time.perf_counter()
    result = call()
    samples[operation].append((time.perf_counter() - started) * 1000)
    return result


def sequences(engine: Engine, name: str, quick: bool) -> list[list[tuple[str, str]]]:
    """Click sequences: sold configurations for BR4CP, else seeded random picks (made while clicking)."""
    if name in SALES:
        lines = (BENCH / f"renault_br4cp/config_{SALES[name]}_filtered.txt").read_text().split("\n")
        header = lines[0].split()
        rows = [line.split() for line in lines[1:] if line.strip()]
        wanted = 5 if quick else 50
        return [list(zip(header, row, strict=True)) for row in rows[:: max(1, len(rows) // wanted)][:wanted]]
    return []


def naive_options(engine: Engine, choices: Choices, budget_s: float) -> float:
    """Valid options the naive way (one CP-SAT solve per option); ms, or -ms when it ran past the budget."""
    optimizer = engine.optimizer(ON)
    _, allowed = engine.masks(choices, {}, ON)
    started = time.perf_counter()
    for var, lits in enumerate(optimizer.lits):
        if engine.problem.variables[var].attribute is None:
            continue
        for lit in lits:
            model = optimizer.model.clone()
            for other, mask in enumerate(allowed):
                if other != var and mask is not None and mask.sum() == 1:
                    model.add(optimizer.lits[other][int(np.flatnonzero(mask)[0])] == 1)
            model.add(lit == 1)
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            solver.parameters.max_time_in_seconds = budget_s
            solver.solve(model)
            if time.perf_counter() - started > budget_s:
                return -(time.perf_counter() - started) * 1000
    return (time.perf_counter() - started) * 1000


def clash(engine: Engine, choices: Choices, valid: dict[str, list[Any]], excluded: dict[str, Any]) -> Choices | None:
    """The selection plus a pick that clashes with it (an excluded option of an attribute not chosen)."""
    for attribute, options in excluded.items():
        if attribute not in choices and options and not isinstance(engine.product.attribute_index[attribute], ManyOf):
            option = next(iter(options))
            value: Any = next((v for v in valid[attribute] if str(v) == option), None)
            return {**choices, attribute: value if value is not None else _typed(engine, attribute, option)}
    return None


def _typed(engine: Engine, attribute: str, option: str) -> Any:
    variable = engine.problem.var_of(attribute)
    return next(v for v in variable.values if str(v) == option)


def child(name: str, quick: bool) -> dict[str, Any]:
    """One catalog's row (run in its own process)."""
    catalog = load(name)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        compiled = Engine.open(catalog, cache=Cache(Path(folder)), budget=Budget())
        compile_s = time.perf_counter() - started
        compiled.close()
        del compiled
        gc.collect()
        started = time.perf_counter()
        engine = Engine.open(catalog, cache=Cache(Path(folder)), budget=Budget())  # as a worker would
        load_s = time.perf_counter() - started
    samples: dict[str, list[float]] = {operation: [] for operation in OPERATIONS}
    dead_ends = steps = excluded = combined = 0
    rng = random.Random(1)
    replays = sequences(engine, name, quick)
    runs = len(replays) if replays else (3 if quick or engine.method == "search" else 20)
    limit = 10 if engine.method == "search" else 30
    for run in range(runs):
        choices: Choices = {}
        plan = replays[run] if replays else None
        every = [a.id for a in engine.product.attributes()]
        order = [attribute for attribute, _ in plan] if plan else rng.sample(every, min(limit, len(every)))
        for index, attribute in enumerate(order):
            answer = timed(samples, "options", lambda c=choices: engine.options(c, {}, ON))  # type: ignore[misc]
            steps += 1
            found = [reasons for options in answer.excluded.values() for reasons in options.values()]
            excluded += len(found)
            combined += sum(1 for reasons in found if reasons[0].message == COMBINATION)
            if index % 5 == 0:
                timed(samples, "count", lambda c=choices: engine.count(c, {}, ON))  # type: ignore[misc]
                timed(samples, "complete", lambda c=choices: engine.complete(c, {}, ON, k=3))  # type: ignore[misc]
                clashing = clash(engine, choices, answer.valid, answer.excluded)
                if clashing is not None:
                    timed(samples, "conflict", lambda c=clashing: engine.options(c, {}, ON))  # type: ignore[misc]
                if len(samples["naive"]) < 3 and run == 0:
                    samples["naive"].append(naive_options(engine, choices, 5.0 if not quick else 2.0))
            if plan:
                sold = dict(plan)[attribute]
                if sold not in answer.valid[attribute]:
                    dead_ends += 1
                    break
                choices[attribute] = sold
            elif answer.valid[attribute]:
                picked = rng.choice(answer.valid[attribute])
                many = isinstance(engine.product.attribute_index[attribute], ManyOf)
                choices[attribute] = [picked] if many else picked
    return {
        "name": name,
        "method": engine.method,
        "compile_s": compile_s,
        "load_s": load_s,
        "peak_mb": max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        / 1024,
        "samples": samples,
        "steps": steps,
        "dead_ends": dead_ends if replays else None,
        "excluded": excluded,
        "combined": combined,
    }


def stats(values: list[float]) -> str:
    """p50 / p95 / max in ms."""
    if not values:
        return "-"
    data = np.abs(np.array(values))
    mark = ">" if any(v < 0 for v in values) else ""
    return f"{np.percentile(data, 50):.2f} / {np.percentile(data, 95):.2f} / {mark}{data.max():.1f}"


def misses(row: dict[str, Any]) -> str:
    """The targets a row misses ("ok" when none)."""
    samples = row["samples"]
    found = []
    options_target = 1.0 if row["name"] == "jeans" else 20.0
    if samples["options"] and np.percentile(samples["options"], 95) > options_target:
        found.append(f"options p95 > {options_target:g}")
    for operation, target in TARGETS.items():
        if samples[operation] and np.percentile(samples[operation], 95) > target:
            found.append(f"{operation} p95 > {target:g}")
    if any(max(samples[op], default=0) > 2000 for op in OPERATIONS if op != "naive"):
        found.append("an operation > 2 s")
    return ", ".join(found) or "ok"


def main() -> None:
    """Run every catalog in its own process and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer click sequences")
    parser.add_argument("--only", nargs="*", help="catalog names")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.quick)))
        return
    if not BENCH.is_dir():
        print(f"note: {BENCH} not found; only the shipped catalogs are benchmarked")
    table = Table("catalog", "method", "compile s", "load s", "peak MB", "steps", "dead ends")
    for operation in OPERATIONS:
        table.add_column(f"{operation} ms p50/p95/max")
    table.add_column("naive ÷ options")
    table.add_column("combination ÷ excluded")
    table.add_column("targets")
    for name in args.only or names():
        command = [sys.executable, "-m", "bench.engine", "--child", name, *(["--quick"] if args.quick else [])]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        if done.returncode != 0:
            table.add_row(name, "error: " + done.stderr.strip().splitlines()[-1][:80])
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        samples = row["samples"]
        ratio = ""
        if samples["naive"] and samples["options"]:
            ratio = f"{np.median(np.abs(samples['naive'])) / np.median(samples['options']):,.0f}×"
        table.add_row(
            name,
            row["method"],
            f"{row['compile_s']:.2f}",
            f"{row['load_s']:.2f}",
            f"{row['peak_mb']:.0f}",
            str(row["steps"]),
            "" if row["dead_ends"] is None else str(row["dead_ends"]),
            *[stats(samples[operation]) for operation in OPERATIONS],
            ratio,
            f"{row['combined']:,} / {row['excluded']:,}",
            misses(row),
        )
    Console(width=240).print(table)


if __name__ == "__main__":
    main()
