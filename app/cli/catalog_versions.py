"""`tailor catalog publish|export|versions`: catalog versions in the configured database; `catalog_at`
lets `tailor catalog diff` compare stored versions (`CATALOG@VERSION`) as well as files.

Every command applies pending migrations and imports the catalog folder into an empty database
first, so the shipped catalogs are always the first versions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from sqlmodel import Session

from app.catalog import Catalog, CatalogError
from app.catalog.writer import dump_catalog
from app.cli.output import console, errors, fail, load_or_fail
from app.db import get_engine, migrate
from app.errors import TailorError
from app.models import CatalogVersion
from app.services.accounts.roles import account_with_role
from app.services.catalogs.documents import document_of
from app.services.catalogs.in_force import catalog_of_version, version_in_force
from app.services.catalogs.shelf import CATALOG_SUFFIXES, seed_catalogs
from app.services.catalogs.versions import create_draft, publish, version_of, versions
from app.services.catalogs.warming import warm_version

VERSION_REF = "CATALOG[@VERSION]"


MANAGERS = ("catalog_manager", "admin")
"""The roles that may publish a catalog version."""


@contextmanager
def opened() -> Iterator[Session]:
    """A session on the migrated, seeded database; a TailorError becomes a clear message and exit status 2."""
    try:
        migrate()
        with Session(get_engine()) as session:
            seed_catalogs(session=session)
            yield session
    except CatalogError as error:
        for issue in error.issues:
            errors.print(str(issue), soft_wrap=True, markup=False)
        fail(f"{len(error.issues)} problem{'s' if len(error.issues) != 1 else ''} in the catalog")
    except TailorError as error:
        fail(error.message)


def effective(text: str | None) -> datetime | None:
    """`--effective`: a date (midnight UTC) or an ISO date and time (UTC when it names no zone); None: now."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text) if "T" in text or " " in text else None
        if moment is None:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC)
    except ValueError:
        fail(f"--effective {text}: not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stored_version(session: Session, reference: str) -> CatalogVersion:
    """The version named `CATALOG@NUMBER`, or the one in force now for a bare `CATALOG`."""
    catalog_id, _, number = reference.partition("@")
    if number:
        if not number.isdigit():
            fail(f"{reference}: the version is a number (e.g. {catalog_id}@2)")
        return version_of(session=session, catalog_id=catalog_id, number=int(number))
    found = version_in_force(session=session, catalog_id=catalog_id)
    if found is None:
        fail(f"no version of catalog '{catalog_id}' is in force")
    return version_of(session=session, catalog_id=catalog_id, number=found.number)


def catalog_at(reference: str) -> Catalog:
    """A catalog file (an existing file, or a name with a catalog suffix), else the stored `CATALOG[@VERSION]`."""
    if Path(reference).is_file() or Path(reference).suffix.lower() in CATALOG_SUFFIXES:
        return load_or_fail(reference)
    with opened() as session:
        return catalog_of_version(stored_version(session, reference))


def register(catalog: typer.Typer) -> None:
    """Add the version commands to `tailor catalog`."""
    catalog.command("publish")(publish_file)
    catalog.command("export")(export)
    catalog.command("versions")(list_versions)


def publish_file(
    file: Annotated[str, typer.Argument(help="Catalog file (.yaml or .json)")],
    effective_from: Annotated[
        str | None,
        typer.Option("--effective", metavar="DATE", help="In force from (YYYY-MM-DD or an ISO date and time; now)"),
    ] = None,
    notes: Annotated[str, typer.Option(help="Why this version")] = "",
    author: Annotated[
        str | None, typer.Option(metavar="EMAIL", help="Who publishes it: a catalog manager's or an admin's e-mail")
    ] = None,
    compile_now: Annotated[
        bool,
        typer.Option("--compile/--no-compile", help="Compile it here before returning (else the worker does)"),
    ] = True,
) -> None:
    """Publish a catalog file as the next version of its catalog (it serves once compiled: the previous version
    serves meanwhile)."""
    loaded = load_or_fail(file)
    moment = effective(effective_from)
    with opened() as session:
        by = None if author is None else account_with_role(session=session, email=author, roles=MANAGERS).id
        version = publish(session=session, catalog_id=loaded.id, document=document_of(loaded),
                          effective_from=moment, notes=notes, author_id=by)  # fmt: skip
        when = version.effective_from.isoformat() if version.effective_from else "now"
        console.print(
            f"[green]published[/green] catalog '{escape(loaded.id)}' version {version.number}, in force from {when}"
        )
        if compile_now:
            done = warm_version(session=session, catalog_id=loaded.id, number=version.number)
            console.print(f"compiled {len(done)} of {len(loaded.products)} products")


def export(
    reference: Annotated[
        str, typer.Argument(metavar=VERSION_REF, help="Catalog id, @version number (default: in force)")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (.yaml or .json); default: print")
    ] = None,
) -> None:
    """Write a stored catalog version as a catalog file."""
    with opened() as session:
        version = stored_version(session, reference)
        text = dump_catalog(catalog_of_version(version), json_format=output is not None and output.suffix == ".json")
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror}")
    console.print(f"[green]wrote[/green] {output}: catalog '{escape(version.catalog_id)}' version {version.number}")


def list_versions(catalog_id: Annotated[str, typer.Argument(help="Catalog id")]) -> None:
    """List every version of a catalog: status, when it takes effect, who published it, and which is in force."""
    with opened() as session:
        found = versions(session=session, catalog_id=catalog_id)
        current = version_in_force(session=session, catalog_id=catalog_id)
    for version in found:
        status = f"{version.status} (in force)" if current and current.number == version.number else version.status
        line = [f"{catalog_id}@{version.number}", status, f"hash {version.content_hash[:12]}"]
        line += [f"effective from {_when(version.effective_from)}"] if version.effective_from else []
        line += [f"published {_when(version.published_at)}"] if version.published_at else []
        line += [f"by account {version.author_id}"] if version.author_id else []
        line += [version.notes] if version.notes else []
        typer.echo("  ".join(line))


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def import_draft(catalog_document: dict[str, Any], catalog_id: str, notes: str) -> CatalogVersion:
    """Keep an imported catalog as a new draft (never in force until it is published)."""
    with opened() as session:
        return create_draft(session=session, catalog_id=catalog_id, document=catalog_document, notes=notes)
