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


def hundred_line_change(revalidate: bool = False) -> Callable[[], object]:
    """A 100-line quote (jeans and bikes, 20 configurations each of several) on a fresh SQLite database, and the
    call that changes one line's quantity: every line checked and the whole quote re-priced and kept."""
    import tempfile
    from datetime import date
    from itertools import cycle

    from sqlmodel import Session

    from app.catalog.configuration import Choice
    from app.db import make_engine, migrate
    from app.engine.engine import Engine
    from app.services.accounts.roles import set_role
    from app.services.catalogs.shelf import published_catalog
    from app.services.quotes.store import add_line, change_line, create_quote, lines_of, quote_of
    from tests.factories import account, customer

    folder = tempfile.mkdtemp(prefix="tailor-bench-quotes-")
    engine = make_engine(f"sqlite:///{folder}/quotes.db")
    migrate(engine)
    session = Session(engine)
    account(session, email="rita@bench.example", name="Rita")
    rep = set_role(session=session, email="rita@bench.example", role="rep")
    quote = create_quote(session=session, customer_id=customer(session), owner=rep)
    configurations = []
    starts: tuple[tuple[str, str, dict[str, Choice]], ...] = (
        ("jeans", "jeans", {"fit": "classic"}),
        ("bikes", "bike", {}),
    )
    for catalog_id, product_id, start in starts:
        catalog = published_catalog(session=session, catalog_id=catalog_id)
        offers = Engine.open(catalog, product_id).complete(dict(start), {"channel": "call_centre"}, date.today(), k=20)
        configurations += [(catalog_id, product_id, dict(offer.choices)) for offer in offers]
    quote_id = int(quote.id or 0)
    for number, (catalog_id, product_id, choices) in zip(range(100), cycle(configurations), strict=False):
        add_line(session=session, quote_id=quote_id, version=quote_of(session=session, quote_id=quote_id).version,
                 actor=rep, catalog_id=catalog_id, product_id=product_id, choices=choices,
                 quantity=1 + number % 5)  # fmt: skip
    key = lines_of(session=session, quote_id=quote_id)[50].key
    quantities = cycle(("7", "8"))

    def change() -> object:
        version = quote_of(session=session, quote_id=quote_id).version
        changed = change_line(session=session, quote_id=quote_id, version=version, actor=rep, key=key,
                              quantity=next(quantities))  # fmt: skip
        if revalidate:
            check_every_line(session, quote_id)
        return changed

    return change


def check_every_line(session: object, quote_id: int) -> None:
    """Every line of the quote validated by the engine and priced again on the version it was priced on, in
    the customer context it was priced in (what a requote does per line), then the whole quote re-priced."""
    from datetime import date

    from app.catalog.configuration import Context
    from app.services.configurator.checkout import checked_price
    from app.services.configurator.page import parse_choices
    from app.services.quotes.priced import line_catalog, priced_quote
    from app.services.quotes.store import lines_of, quote_of
    from app.web.forms import choice_pairs

    lines = lines_of(session=session, quote_id=quote_id)  # type: ignore[arg-type]
    for line in lines:
        context = Context(values=line.context["values"], on=date.fromisoformat(line.context["on"]))
        product = line_catalog(session, line).product(line.product_id)  # type: ignore[arg-type]
        choices = parse_choices(product, choice_pairs(line.choices)).choices
        checked_price(catalog=line_catalog(session, line), product_id=line.product_id, choices=choices,  # type: ignore[arg-type]
                      context=context)  # fmt: skip
    priced_quote(session=session, quote=quote_of(session=session, quote_id=quote_id), lines=lines)  # type: ignore[arg-type]


def hundred_line_revalidated() -> Callable[[], object]:
    """As `hundred_line_change`, and then every line re-validated by the engine and re-priced."""
    return hundred_line_change(revalidate=True)


def reps_on_postgresql(page: str) -> Measure:
    """The response times of one page while 20 reps work at once (one run of the load serves every page)."""

    def measure(runs: int) -> list[float]:
        return _reps_load()[page]

    return measure


_LOAD: dict[str, list[float]] = {}


def _reps_load() -> dict[str, list[float]]:
    if not _LOAD:
        from bench.quotes_load import reps_at_once

        _LOAD.update(reps_at_once())
    return _LOAD


CASES: list[Case] = [
    Case("12-line quote PDF", 2.0, repeated(twelve_line_pdf)),
    Case("100-line quote re-priced after one change", 1.0, repeated(hundred_line_change)),
    Case(
        "100-line quote re-validated (engine) and re-priced after one change", 1.0, repeated(hundred_line_revalidated)
    ),
    *(
        Case(f"20 reps on PostgreSQL: {page}", 0.2, reps_on_postgresql(page), "p95")
        for page in ("customer 360", "quote page", "change a line (POST)", "my quotes")
    ),
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
