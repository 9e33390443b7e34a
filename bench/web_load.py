"""Web load benchmark: the fragment that answers one option change, under 20 concurrent customers.

Run: `.venv/bin/python -m bench.web_load [--customers 20] [--steps 12]` (needs ../shared/bench for
Renault Megane). Starts the app with uvicorn (2 workers, this machine's 2 cores) on a catalog
folder holding the shipped catalogs and Renault Megane imported as a catalog, warms each
product once, then lets N simulated customers click through valid options at the same time
(paths drawn beforehand with the engine, seeded), each click one htmx fragment request, with
0.5 to 1.5 s of thinking between clicks, as people do.
Prints p50 / p95 / max per catalog against the targets: 30 ms for jeans, 100 ms for Megane.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import httpx2
import numpy as np
from rich.console import Console
from rich.table import Table

from app.catalog import Catalog, load_catalog
from app.catalog.attributes import ManyOf
from app.catalog.writer import dump_catalog
from app.engine.engine import Engine
from bench.catalogs import BENCH, import_benchmark

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"jeans": 30.0, "megane": 100.0}


def paths(catalog: Catalog, product_id: str, count: int, steps: int) -> list[list[dict[str, object]]]:
    """Click paths: each a list of selections, one more valid choice at each step."""
    engine = Engine.open(catalog, product_id)
    rng = random.Random(5)
    found = []
    singles = [a.id for a in engine.product.attributes() if not isinstance(a, ManyOf)]
    for _ in range(count):
        selection: dict[str, object] = {}
        path = []
        for attribute in rng.sample(singles, min(steps, len(singles))):
            valid = engine.options(dict(selection), {}, date.today()).valid[attribute]  # type: ignore[arg-type]
            if not valid:
                continue
            selection[attribute] = rng.choice(valid)
            path.append(dict(selection))
        found.append(path)
    return found


async def customer(
    client: httpx2.AsyncClient, url: str, path: list[dict[str, object]], times: list[float], think: random.Random
) -> None:
    """One simulated customer clicking through `path`, thinking 0.5 to 1.5 s between clicks."""
    await asyncio.sleep(think.uniform(0, 1.0))
    for selection in path:
        query = urlencode([(k, str(v)) for k, v in selection.items()])
        started = time.perf_counter()
        response = await client.get(f"{url}?{query}", headers={"HX-Request": "true"})
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        await asyncio.sleep(think.uniform(0.5, 1.5))


async def load(url: str, all_paths: list[list[dict[str, object]]]) -> list[float]:
    """Every customer at once (each on a connection of their own); the latency of each fragment in ms."""
    times: list[float] = []
    think = random.Random(9)

    async def one(path: list[dict[str, object]]) -> None:
        async with httpx2.AsyncClient(timeout=60) as client:
            await customer(client, url, path, times, random.Random(think.random()))

    await asyncio.gather(*(one(path) for path in all_paths))
    return times


async def warm(url: str, path: list[dict[str, object]]) -> None:
    """Open the engine in every worker: enough requests on fresh connections to reach them all."""
    for _ in range(3):
        for selection in path[:6]:
            async with httpx2.AsyncClient(timeout=120) as client:
                query = urlencode([(k, str(v)) for k, v in selection.items()])
                (await client.get(f"{url}?{query}", headers={"HX-Request": "true"})).raise_for_status()


def serve(catalog_dir: Path, port: int) -> subprocess.Popen[bytes]:
    """The app on `port`, two workers, on a migrated database of its own (as `tailor serve` would prepare it)."""
    env = {**os.environ, "TAILOR_CATALOG_DIR": str(catalog_dir), "TAILOR_DATA_DIR": str(catalog_dir.parent / "data")}
    subprocess.run([sys.executable, "-m", "app.cli", "db", "upgrade"], env=env, cwd=ROOT, check=True)
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--workers", "2", "--log-level",
               "warning"]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    for _ in range(200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the app did not start")


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--steps", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        catalogs = Path(folder) / "catalogs"
        shutil.copytree(ROOT / "catalog", catalogs)
        cases = [(load_catalog(catalogs / "jeans.yaml"), "jeans")]
        if (BENCH / "renault").is_dir():
            megane = import_benchmark("megane").catalog
            (catalogs / "megane.yaml").write_text(dump_catalog(megane))
            cases.append((megane, "megane"))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        process = serve(catalogs, port)
        table = Table("catalog", "customers", "fragments", "p50 ms", "p95 ms", "max ms", "target")
        try:
            for catalog, name in cases:
                product = catalog.products[0].id
                url = f"http://127.0.0.1:{port}/configure/{catalog.id}/{product}"
                all_paths = paths(catalog, product, args.customers, args.steps)
                asyncio.run(warm(url, all_paths[0]))
                times = asyncio.run(load(url, all_paths))
                p95 = float(np.percentile(times, 95))
                ok = "met" if p95 < TARGETS[name] else "MISSED"
                table.add_row(name, str(args.customers), str(len(times)), f"{np.percentile(times, 50):.1f}",
                              f"{p95:.1f}", f"{max(times):.1f}", f"p95 < {TARGETS[name]:g}: {ok}")  # fmt: skip
        finally:
            process.terminate()
            process.wait(timeout=10)
        Console(width=140).print(table)


if __name__ == "__main__":
    main()
