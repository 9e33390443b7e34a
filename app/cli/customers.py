"""`tailor customers ...`, `tailor value recompute` and `tailor db upgrade`: the knowledge base from a shell.

Every command works on the configured database (`TAILOR_DATABASE_URL`, else the SQLite file)
and applies pending migrations first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.progress import Progress
from rich.table import Table
from sqlmodel import Session, col, select

from app.cli.output import console, fail, print_json
from app.db import get_engine, migrate
from app.errors import TailorError
from app.models import Customer, DuplicateCandidate
from app.services.customers.duplicates import detect_duplicates, reject_pair
from app.services.customers.imports import import_rows, parse_mapping, read_csv
from app.services.customers.merges import merge_customers, undo_merge
from app.services.customers.privacy import erase_customer, export_customer
from app.services.customers.records import CustomerUpdate, update_customer
from app.services.customers.value import recompute

customers = typer.Typer(help="Import, find duplicates, merge, export and erase customers.", no_args_is_help=True)
value = typer.Typer(help="Customer value and tiers.", no_args_is_help=True)
database = typer.Typer(help="The database schema.", no_args_is_help=True)


@contextmanager
def opened() -> Iterator[Session]:
    """A session on the migrated database; a TailorError becomes a clear message and exit status 2."""
    try:
        migrate()
        with Session(get_engine()) as session:
            yield session
    except TailorError as error:
        fail(error.message)


@database.command("upgrade")
def upgrade() -> None:
    """Apply every pending migration to the configured database."""
    with opened():
        console.print("[green]database is up to date[/green]")


@customers.command("import")
def import_csv(
    file: Annotated[Path, typer.Argument(help="CSV file with a header row", exists=True, dir_okay=False)],
    map_: Annotated[list[str] | None, typer.Option("--map", help="FIELD=COLUMN (e.g. email=E-mail)")] = None,
    source: Annotated[str, typer.Option(help="Channel the file comes from")] = "import",
    region: Annotated[str, typer.Option(help="Default country of phone numbers")] = "ES",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Find or create one customer per row; print the rows rejected, with their line and reason."""
    try:
        mapping = parse_mapping(map_ or [])
    except TailorError as error:
        fail(error.message)
    rows, missing = read_csv(file, mapping)
    if missing:
        fail(f"{file}: the header has no column {', '.join(repr(m) for m in missing)} (header columns are needed)")
    with opened() as session:
        report = import_rows(session=session, rows=rows, source=source, region=region)
    if as_json:
        print_json(
            {
                "created": report.created,
                "matched": report.matched,
                "rejected": [{"line": line, "reason": reason} for line, reason in report.rejected],
            }
        )
        return
    console.print(
        f"{report.created} created, {report.matched} matched known customers, {len(report.rejected)} rejected"
    )
    for line, reason in report.rejected:
        console.print(f"  {file}:{line}: {reason}", markup=False)


@customers.command("duplicates")
def duplicates(
    find: Annotated[bool, typer.Option(help="Look for new duplicates first (record linkage)")] = True,
    threshold: Annotated[float, typer.Option(help="Match probability from which a pair is queued")] = 0.9,
    backend: Annotated[
        str, typer.Option(help="Where splink runs: duckdb (in memory) or postgres (the database)")
    ] = "duckdb",
    status: Annotated[str, typer.Option(help="pending, merged or rejected")] = "pending",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Find duplicate customers (splink record linkage) and print the review queue with probabilities."""
    with opened() as session:
        if find:
            with console.status("looking for duplicates") as spinner:
                if backend not in ("duckdb", "postgres"):
                    fail(f"--backend {backend}: use duckdb or postgres")
                found = detect_duplicates(session=session, threshold=threshold, progress=spinner.update,
                                          backend="postgres" if backend == "postgres" else "duckdb")  # fmt: skip
            if not as_json:
                console.print(
                    f"{found.records:,} customers compared: {found.pairs:,} likely pairs, "
                    f"{found.queued:,} new in the queue"
                )
        pairs = session.exec(
            select(DuplicateCandidate)
            .where(DuplicateCandidate.status == status)
            .order_by(col(DuplicateCandidate.probability).desc(), col(DuplicateCandidate.id))
        ).all()
        names = {
            c.id: c.name
            for c in session.exec(
                select(Customer).where(col(Customer.id).in_([p.left_id for p in pairs] + [p.right_id for p in pairs]))
            )
        }
    if as_json:
        print_json([{"left": p.left_id, "right": p.right_id, "probability": p.probability} for p in pairs])
        return
    table = Table("pair", "left", "right", "probability")
    for pair in pairs:
        table.add_row(
            f"{pair.left_id} {names.get(pair.left_id, '')}",
            f"{pair.right_id} {names.get(pair.right_id, '')}",
            f"{pair.probability:.3f}",
        )
    console.print(table)


@customers.command("reject")
def reject(
    candidate: Annotated[int, typer.Argument(help="Candidate pair id")], by: Annotated[str, typer.Option()] = "cli"
) -> None:
    """Mark a candidate pair as two different customers."""
    with opened() as session:
        reject_pair(session=session, candidate_id=candidate, by=by)
    console.print(f"candidate {candidate} rejected")


@customers.command("merge")
def merge(
    survivor: Annotated[int, typer.Argument(help="Customer id that stays")],
    merged: Annotated[int, typer.Argument(help="Customer id folded into it")],
    by: Annotated[str, typer.Option(help="Who decided")] = "cli",
) -> None:
    """Merge two customers (survivorship: the survivor's values win, gaps are filled)."""
    with opened() as session:
        record = merge_customers(session=session, survivor_id=survivor, merged_id=merged, by=by)
    console.print(
        f"merged {merged} into {survivor} (merge {record.id}; undo with `tailor customers unmerge {record.id}`)"
    )


@customers.command("unmerge")
def unmerge(
    merge_id: Annotated[int, typer.Argument(help="Merge id")], by: Annotated[str, typer.Option()] = "cli"
) -> None:
    """Undo a merge: every moved row and filled field goes back."""
    with opened() as session:
        record = undo_merge(session=session, merge_id=merge_id, by=by)
    console.print(f"undid merge {merge_id}: customer {record.merged_id} is separate again")


@customers.command("update")
def update(
    customer_id: Annotated[int, typer.Argument(help="Customer id", min=1)],
    version: Annotated[
        int, typer.Option(help="The version you read (tailor customers export ID): a newer one is refused")
    ],
    name: Annotated[str | None, typer.Option(help="Full name")] = None,
    given_name: Annotated[str | None, typer.Option(help="Given name")] = None,
    family_name: Annotated[str | None, typer.Option(help="Family name")] = None,
    locale: Annotated[str | None, typer.Option(help="Language: en, es or pt")] = None,
    born: Annotated[str | None, typer.Option(help="Date of birth, YYYY-MM-DD")] = None,
) -> None:
    """Correct a customer's details from the version you read (exit 2 when someone changed them since)."""
    fields = {"name": name, "given_name": given_name, "family_name": family_name, "locale": locale}
    given = {key: value.strip() for key, value in fields.items() if value is not None}
    if born is not None:
        try:
            given["date_of_birth"] = date.fromisoformat(born)  # type: ignore[assignment]
        except ValueError:
            fail(f"--born {born}: not a date (expected YYYY-MM-DD)")
    if not given:
        fail("nothing to change: give --name, --given-name, --family-name, --locale or --born")
    try:
        change = CustomerUpdate(version=version, **given)
    except ValidationError as error:
        fail(f"{error.errors()[0]['loc'][0]}: {error.errors()[0]['msg']}")
    with opened() as session:
        customer = update_customer(session=session, customer_id=customer_id, change=change)
        console.print(f"customer {customer.id} updated (now version {customer.version})")


@customers.command("export")
def export(customer_id: Annotated[int, typer.Argument(help="Customer id")]) -> None:
    """Print everything held on a customer, as JSON."""
    with opened() as session:
        print_json(export_customer(session=session, customer_id=customer_id))


@customers.command("erase")
def erase(
    customer_id: Annotated[int, typer.Argument(help="Customer id")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
) -> None:
    """Anonymise a customer (order totals stay for accounting)."""
    if not yes and not typer.confirm(f"Erase customer {customer_id}? This cannot be undone"):
        fail("not erased")
    with opened() as session:
        erase_customer(session=session, customer_id=customer_id)
    console.print(f"customer {customer_id} erased")


@value.command("recompute")
def recompute_tiers(
    window_days: Annotated[int, typer.Option(help="Trailing window of current value, in days")] = 365,
    retain_share: Annotated[float, typer.Option(help="Top share of customers to retain")] = 0.2,
    grow_ratio: Annotated[float, typer.Option(help="Strategic ÷ current value above which to grow")] = 1.0,
) -> None:
    """Recompute every customer's values and tier (tier history is kept)."""
    from app.value.tiers import TierThresholds

    try:
        thresholds = TierThresholds(retain_share=retain_share, grow_ratio=grow_ratio)
    except ValueError as error:
        fail(str(error).splitlines()[0])
    with opened() as session, Progress(console=console, transient=True) as bar:
        task = bar.add_task("recompute", total=None)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        result = recompute(session=session, thresholds=thresholds, window_days=window_days, progress=progress)
    table = Table("tier", "customers")
    for tier, count in result.tiers.items():
        table.add_row(tier, f"{count:,}")
    console.print(table)
