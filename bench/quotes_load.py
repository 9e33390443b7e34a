"""Reps at work: 20 reps at once on PostgreSQL, each opening customers, quotes and changing quote lines.

Used by `bench.quotes` (its "20 reps on PostgreSQL" rows). Builds a fresh PostgreSQL schema with the demo
catalogs, 20 rep accounts and, per rep, 10 customers each with a 3-line quote; starts the app with uvicorn
(2 workers, this machine's 2 cores); signs every rep in; then for `seconds` each rep, with 1 to 3 s of
thinking between pages, opens a customer's 360, the quote, changes a line's quantity (a POST that re-prices
the quote) and reads her quotes by status. Reps start within a few seconds of each other, and each one's
first round (which warms the workers' caches up) is not timed. Returns each page's response times (seconds).
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
from sqlmodel import Session

from app.db import migrate, schema_of_its_own
from app.services.accounts.roles import set_role
from app.services.quotes.store import add_line, create_quote, lines_of, quote_of
from tests.factories import account, complete_jeans, customer

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get("TAILOR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "a long enough secret"
CSRF = re.compile(r'name="_csrf" value="([0-9a-f]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
THINK = (1.0, 3.0)
"""Seconds a rep spends on a page before the next (she reads a 360, a quote: brisk, for a person)."""
Work = list[tuple[int, int, str]]
"""Per rep: (customer id, quote id, a line key)."""


def populate(session: Session, reps: int, customers: int) -> list[tuple[str, Work]]:
    """`reps` rep accounts, each with `customers` customers holding a 3-line jeans quote of hers."""
    made = []
    for number in range(reps):
        email = f"rep{number}@bench.example"
        account(session, email=email, password=PASSWORD, name=f"Rep {number}")
        rep = set_role(session=session, email=email, role="rep")
        work: Work = []
        for index in range(customers):
            owner = customer(session, email=f"c{number}-{index}@bench.example", name=f"Customer {number}-{index}")
            quote = create_quote(session=session, customer_id=owner, owner=rep)
            quote_id, choices = int(quote.id or 0), complete_jeans()
            for quantity in (1, 2, 3):
                fresh = quote_of(session=session, quote_id=quote_id)
                add_line(session=session, quote_id=quote_id, version=fresh.version, actor=rep, catalog_id="jeans",
                         product_id="jeans", choices=choices, quantity=quantity)  # fmt: skip
            key = lines_of(session=session, quote_id=int(quote.id or 0))[0].key
            work.append((owner, int(quote.id or 0), key))
        made.append((email, work))
    return made


@contextmanager
def served(url: str, folder: Path, port: int) -> Iterator[str]:
    """The app on `port` with two workers on the database at `url`; its base URL."""
    env = {**os.environ, "TAILOR_DATABASE_URL": url, "TAILOR_DATA_DIR": str(folder)}
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--workers", "2",
               "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        for _ in range(300):
            with socket.socket() as check:
                if check.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("the app did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


async def rep_at_work(base: str, email: str, work: Work, until: float, times: dict[str, list[float]],
                      seed: int) -> None:  # fmt: skip
    """One rep: sign in, then 360 → quote → change a line → my quotes, again and again until `until`."""
    rng = random.Random(seed)
    async with httpx2.AsyncClient(base_url=base, timeout=30) as http:
        page = await http.get("/signin")
        token = CSRF.search(page.text)
        assert token, "no sign-in form"
        signed = await http.post("/signin", data={"_csrf": token.group(1), "email": email, "password": PASSWORD})
        assert signed.status_code in (200, 303), (signed.status_code, signed.text[-3000:])
        await asyncio.sleep(rng.uniform(0, THINK[1]))  # people do not all click at the same instant
        timed, times = times, defaultdict(list)  # the first round warms each worker's pages up, untimed
        while time.monotonic() < until:
            customer_id, quote_id, key = rng.choice(work)
            await _timed(http, times, "customer 360", "GET", f"/reps/customers/{customer_id}")
            await asyncio.sleep(rng.uniform(*THINK))
            quote = await _timed(http, times, "quote page", "GET", f"/reps/quotes/{quote_id}")
            await asyncio.sleep(rng.uniform(*THINK))
            token, version = CSRF.search(quote.text), VERSION.search(quote.text)
            if token and version:
                data = {"_csrf": token.group(1), "version": version.group(1), "quantity": str(rng.randint(1, 9))}
                await _timed(http, times, "change a line (POST)", "POST", f"/reps/quotes/{quote_id}/lines/{key}", data)
            await asyncio.sleep(rng.uniform(*THINK))
            await _timed(http, times, "my quotes", "GET", "/reps/my-quotes")
            await asyncio.sleep(rng.uniform(*THINK))
            times = timed


async def _timed(http: httpx2.AsyncClient, times: dict[str, list[float]], name: str, method: str, url: str,
                 data: dict[str, str] | None = None) -> httpx2.Response:  # fmt: skip
    started = time.perf_counter()
    answer = await http.request(method, url, data=data)
    times[name].append(time.perf_counter() - started)
    if answer.status_code not in (200, 303, 409):
        raise RuntimeError(f"{method} {url} answered {answer.status_code}")
    return answer


def reps_at_once(
    *, reps: int = 20, customers: int = 10, seconds: float = 60, port: int = 8765
) -> dict[str, list[float]]:
    """Each page's response times (seconds) with `reps` reps working at once on PostgreSQL."""
    with tempfile.TemporaryDirectory() as folder, schema_of_its_own(POSTGRES, "tailor_bench_quotes") as engine:
        migrate(engine)
        with Session(engine) as session:
            made = populate(session, reps, customers)
        url = engine.url.render_as_string(hide_password=False)
        times: dict[str, list[float]] = defaultdict(list)
        with served(url, Path(folder), port) as base:
            until = time.monotonic() + seconds

            async def everyone() -> None:
                await asyncio.gather(*(rep_at_work(base, email, work, until, times, n)
                                       for n, (email, work) in enumerate(made)))  # fmt: skip

            asyncio.run(everyone())
        return dict(times)
