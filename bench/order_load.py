"""Order load benchmark: 50 concurrent clients posting orders for 30 s, on SQLite and on PostgreSQL.

Run: `.venv/bin/python -m bench.order_load [--clients 50] [--seconds 30] [--databases sqlite,postgresql]`.
Starts the app with uvicorn (2 workers, this machine's 2 cores) on a fresh database of each kind,
then lets N clients each open the order page of a complete jeans configuration and post the order,
again and again, with no thinking time. A client whose post times out retries the same form (same
idempotency key), as a browser's user would. Meanwhile a probe asks `GET /api/catalogs` twice a
second: it must never wait behind the posts. Prints, per database: orders placed, errors, p50 /
p95 / max of the order post and of the probe, and whether every retried form made one order only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import httpx2
import numpy as np
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select
from sqlmodel import Session

from app.catalog import load_catalog
from app.db import make_engine, migrate, schema_of_its_own
from app.engine.engine import Engine
from app.models import Order
from app.web.forms import query_of

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get("TAILOR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


@dataclass
class Tally:
    """What the clients saw."""

    posts: list[float] = field(default_factory=list)
    probes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    forms: int = 0
    placed: int = 0
    retries: int = 0


def configuration() -> str:
    """The query of a complete, valid jeans configuration (the cheapest with a classic fit)."""
    catalog = load_catalog(ROOT / "catalog" / "jeans.yaml")
    offer = Engine.open(catalog, "jeans").complete({"fit": "classic"}, {"channel": "web"}, date.today(), k=1)[0]
    return query_of(offer.choices)


async def client(base: str, query: str, until: float, tally: Tally, number: int) -> None:
    """One client: order page, then the order post (retried with the same key on a timeout), until `until`."""
    async with httpx2.AsyncClient(base_url=base, timeout=10) as http:
        while time.monotonic() < until:
            page = await http.get(f"/configure/jeans/jeans/order?{query}")
            fields = [*HIDDEN.findall(page.text), ("_name", f"Client {number}"), ("_email", f"c{number}@load.example")]
            tally.forms += 1
            for attempt in range(3):
                started = time.perf_counter()
                try:
                    answer = await http.post("/configure/jeans/jeans/order", content=urlencode(fields),
                                             headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
                except httpx2.TimeoutException:
                    tally.retries += 1
                    continue
                tally.posts.append((time.perf_counter() - started) * 1000)
                if answer.status_code == 303:
                    tally.placed += 1
                else:
                    tally.errors.append(f"{answer.status_code} on attempt {attempt + 1}")
                break
            else:
                tally.errors.append("timed out three times")


async def probe(base: str, until: float, tally: Tally) -> None:
    """`GET /api/catalogs` twice a second while the posts run."""
    async with httpx2.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < until:
            started = time.perf_counter()
            answer = await http.get("/api/catalogs")
            tally.probes.append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                tally.errors.append(f"probe {answer.status_code}")
            await asyncio.sleep(0.5)


async def run(base: str, query: str, clients: int, seconds: float) -> Tally:
    """Every client and the probe at once."""
    tally = Tally()
    until = time.monotonic() + seconds
    await asyncio.gather(probe(base, until, tally), *(client(base, query, until, tally, n) for n in range(clients)))
    return tally


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh, migrated database of `kind`; its URL."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'load.db'}"
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url
        return
    with schema_of_its_own(POSTGRES, "tailor_bench") as engine:
        migrate(engine)
        yield engine.url.render_as_string(hide_password=False)


def serve(url: str, folder: Path, port: int) -> subprocess.Popen[bytes]:
    """The app on `port`, two workers, on the database at `url`."""
    env = {**os.environ, "TAILOR_DATABASE_URL": url, "TAILOR_DATA_DIR": str(folder)}
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--workers", "2",
               "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    for _ in range(300):
        with socket.socket() as check:
            if check.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the app did not start")


def orders_in(url: str) -> int:
    """Orders the database holds."""
    engine = make_engine(url)
    with Session(engine) as session:
        count = int(session.exec(select(func.count()).select_from(Order)).one()[0])  # type: ignore[call-overload]
    engine.dispose()
    return count


def ms(values: list[float], q: float) -> str:
    return f"{np.percentile(values, q):.0f}" if values else "-"


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    query = configuration()
    table = Table("database", "clients", "orders", "errors", "retries", "post p50", "post p95", "post max",
                  "probe p95", "probe max", "one order per form")  # fmt: skip
    for kind in args.databases.split(","):
        with tempfile.TemporaryDirectory() as name, ExitStack() as stack:
            folder = Path(name)
            url = stack.enter_context(database(kind, folder))
            with socket.socket() as free:
                free.bind(("127.0.0.1", 0))
                port = int(free.getsockname()[1])
            process = serve(url, folder, port)
            try:
                tally = asyncio.run(run(f"http://127.0.0.1:{port}", query, args.clients, args.seconds))
            finally:
                process.terminate()
                process.wait(timeout=30)
            placed = orders_in(url)
            table.add_row(kind, str(args.clients), f"{placed:,}", str(len(tally.errors)), str(tally.retries),
                          ms(tally.posts, 50), ms(tally.posts, 95), f"{max(tally.posts, default=0):.0f}",
                          ms(tally.probes, 95), f"{max(tally.probes, default=0):.0f}",
                          "yes" if placed == tally.placed else f"NO ({tally.placed} forms answered)")  # fmt: skip
            for error in sorted(set(tally.errors))[:5]:
                print(f"{kind}: {error}")
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
