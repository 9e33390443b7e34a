"""Knowledge-base benchmark: value tier recompute on 100,000 customers, on SQLite and on PostgreSQL.

Run: `.venv/bin/python -m bench.customers [--customers N]`. Writes a synthetic population in
bulk (customers, about 2.5 orders and 1.5 interactions each over three years, drawn with numpy
`default_rng(1)`) into a fresh SQLite file and a fresh schema of the PostgreSQL test database
(`TAILOR_TEST_POSTGRES_URL`), then times `tailor value recompute`'s service. Target: under 20 s
for 100,000 customers on each.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.db import make_engine, migrate, schema_of_its_own
from app.models import Customer, Interaction, Order
from app.services.customers.value import recompute

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_S = 20.0
START = datetime(2023, 12, 1, tzinfo=UTC)


def population(customers: int, seed: int = 1) -> dict[Any, list[dict[str, Any]]]:
    """Rows per table: customers, their orders (a Poisson number at their own rate) and interactions."""
    rng = np.random.default_rng(seed)
    now = START + timedelta(days=3 * 365)
    people = [
        {"id": k + 1, "kind": "person", "name": f"Customer {k + 1}", "created_at": START, "updated_at": START,
         "version": 1}
        for k in range(customers)
    ]  # fmt: skip
    counts = rng.poisson(rng.gamma(1.2, 2.0, customers))
    buyers = np.repeat(np.arange(1, customers + 1), counts)
    days = rng.integers(0, 3 * 365, len(buyers))
    totals = rng.integers(3_000, 40_000, len(buyers))
    orders = [
        {"customer_id": int(b), "placed_at": START + timedelta(days=int(d)), "channel": "web", "currency": "EUR",
         "total_minor": int(t), "cost_minor": int(t * 0.55), "status": "placed"}
        for b, d, t in zip(buyers, days, totals, strict=True)
    ]  # fmt: skip
    contacts = rng.integers(1, customers + 1, int(customers * 1.5))
    interactions = [
        {"customer_id": int(c), "channel": "call_centre", "kind": "contact",
         "occurred_at": now - timedelta(days=int(d)), "summary": "call", "cost_minor": 350, "complaint": False,
         "links": {}}
        for c, d in zip(contacts, rng.integers(0, 700, len(contacts)), strict=True)
    ]  # fmt: skip
    return {Customer: people, Order: orders, Interaction: interactions}


def write(engine: Engine, rows: dict[Any, list[dict[str, Any]]]) -> float:
    """Bulk-insert the rows; seconds taken."""
    started = time.perf_counter()
    with Session(engine) as session:
        for model, table in rows.items():
            for start in range(0, len(table), 20_000):
                session.execute(insert(model), table[start : start + 20_000])
        session.commit()
    return time.perf_counter() - started


def measure(name: str, engine: Engine, rows: dict[Any, list[dict[str, Any]]]) -> list[str]:
    """One table row: backend, customers, orders, write seconds, recompute seconds, target."""
    migrate(engine)
    written = write(engine, rows)
    with Session(engine) as session:
        started = time.perf_counter()
        result = recompute(session=session, as_of=START + timedelta(days=3 * 365))
        seconds = time.perf_counter() - started
    ok = "met" if seconds < TARGET_S else "MISSED"
    tiers = ", ".join(f"{tier} {count:,}" for tier, count in result.tiers.items())
    customers, orders = len(rows[Customer]), len(rows[Order])
    return [name, f"{customers:,}", f"{orders:,}", f"{written:.1f}", f"{seconds:.2f}", f"< {TARGET_S:g} s: {ok}", tiers]


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args()
    rows = population(args.customers)
    table = Table("database", "customers", "orders", "write s", "recompute s", "target", "tiers")
    with tempfile.TemporaryDirectory() as folder:
        sqlite = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        table.add_row(*measure("SQLite", sqlite, rows))
        sqlite.dispose()
    try:
        with schema_of_its_own(POSTGRES_URL, "bench") as postgres:
            table.add_row(*measure("PostgreSQL", postgres, rows))
    except OperationalError as error:  # the PostgreSQL row says why it is missing
        table.add_row("PostgreSQL", "not reachable", str(error).splitlines()[0])
    Console(width=180).print(table)


if __name__ == "__main__":
    main()
