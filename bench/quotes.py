"""Quote benchmark: one row per case, its median (or p95) seconds against the product's target.

Run: `.venv/bin/python -m bench.quotes [--runs N] [--only NAME]`. A case is a name, a target in
seconds, the statistic it is judged on, and a `measure(runs)` that returns one wall-clock sample
per run (inputs are built before timing starts). Add a case by appending to `CASES`.

- "12-line quote PDF": the shipped catalogs' jeans, e-bike and connectivity lines (tests/quotes/
  documents.py) repeated to 12 lines, in Spanish, with catalog, volume, line and quote discounts and
  their plans' schedules: `quote_pdf` of its `QuoteDocument`, after one warm-up (template compiled,
  stylesheet parsed, as in a running server). The document is built before timing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.console import Console
from rich.table import Table

console = Console(highlight=False)

Measure = Callable[[int], Sequence[float]]
"""Given a number of runs, the seconds of each run."""


@dataclass(frozen=True)
class Case:
    name: str
    target_s: float
    measure: Measure
    statistic: Literal["median", "p95"] = "median"


def repeated(prepare: Callable[[], Callable[[], object]], *, warm_up: int = 1) -> Measure:
    """A measure that builds the inputs once (`prepare` returns the call to time), warms up, then times each run."""

    def measure(runs: int) -> list[float]:
        call = prepare()
        for _ in range(warm_up):
            call()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            samples.append(time.perf_counter() - started)
        return samples

    return measure


def twelve_line_pdf() -> Callable[[], object]:
    """The 12-line Spanish quote document, and the call that prints it to PDF."""
    from app.services.quotes.pdf import quote_pdf
    from tests.quotes.documents import sample_document

    document = sample_document(12, locale="es")
    return lambda: quote_pdf(document)


CASES: list[Case] = [
    Case("12-line quote PDF", 2.0, repeated(twelve_line_pdf)),
]
"""Every case, in the order the table prints them."""


def judged(case: Case, samples: Sequence[float]) -> float:
    """The statistic the case is judged on: the median, or the 95th percentile (nearest rank)."""
    if case.statistic == "median":
        return statistics.median(samples)
    ordered = sorted(samples)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def main() -> None:
    """Measure the cases and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case")
    parser.add_argument("--only", help="run only the case with this name")
    args = parser.parse_args()
    table = Table("case", "runs", "statistic", "seconds", "min s", "max s", "target s", "result")
    for case in CASES:
        if args.only and case.name != args.only:
            continue
        samples = case.measure(args.runs)
        value = judged(case, samples)
        table.add_row(
            case.name,
            str(len(samples)),
            case.statistic,
            f"{value:.3f}",
            f"{min(samples):.3f}",
            f"{max(samples):.3f}",
            f"{case.target_s:g}",
            "ok" if value <= case.target_s else "SLOW",
        )
    console.print(table)


if __name__ == "__main__":
    main()
