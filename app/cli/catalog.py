"""`tailor catalog ...`: check a catalog file, diff two, print its JSON Schema, import foreign models.

`check` loads the file (every problem listed with its place, every limit of `app.catalog.limits`
enforced: a negative price or cost is one), then asks the engine how many valid configurations each
product has on the date, within small budgets so that it answers in seconds: a product with none is a
problem too. Then the analysis (`app.analysis`) reports, placed in the file, dead and forced options,
products empty for some customers and rules that never bind, as warnings (exit status 0).
"""

from __future__ import annotations

import itertools
import json
import math
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from app.analysis import AnalysisBudget, CatalogAnalysis, analyse_catalog
from app.analysis.diff import diff_catalogs
from app.catalog.importers import FORMATS, ModelImportError, import_model
from app.catalog.loader import issue_at
from app.catalog.model import Catalog, Product
from app.catalog.summary import summarize
from app.catalog.text import localize
from app.catalog.writer import dump_catalog
from app.cli.catalog_versions import VERSION_REF, catalog_at, import_draft
from app.cli.findings import findings_json, print_diff, print_findings
from app.cli.output import BAD_INPUT, console, errors, fail, load_or_fail, print_json
from app.cli.price import parse_date
from app.engine.answers import Count
from app.engine.bdd import Budget
from app.engine.engine import Engine
from app.errors import TailorError
from app.services.catalogs.documents import document_of

app = typer.Typer(help="Check, describe and import catalogs.", no_args_is_help=True)


CHECK_COMPILE_SECONDS = 2.0
"""Compile budget of each product in `catalog check` (diagram, then circuit); past it the search answers."""
CHECK_SOLUTIONS = 1_000
"""Configurations the search method enumerates per product in `catalog check`; past them it says "at least"."""
CHECK_COUNT_SECONDS = 2.0
"""Safety net of each count in `catalog check`; a search it stops before finding one is "not decided"."""
CHECK_TOTAL_SECONDS = 60.0
"""Safety net of all the counts of one `catalog check`: products past it are listed as not counted."""
CHECK_CONTEXTS = 64
"""Customer contexts tried, at most, on a product that has no configuration without one (eligibility rules)."""


@dataclass
class _Configurations:
    """What the engine said about one product: a count (possibly a lower bound), or why it could not say."""

    count: Count | None = None
    contexts: int = 1
    note: str | None = None


@app.command("check")
def check(
    file: Annotated[str, typer.Argument(help="Catalog file (.yaml or .json)")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
    on: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Date of the configurations (default: today)")
    ] = None,
    analyse: Annotated[
        bool, typer.Option("--analysis/--no-analysis", help="Report dead and forced options and idle rules")
    ] = True,
) -> None:
    """Load a catalog and print every problem (a product without any valid configuration too), or a summary."""
    catalog = load_or_fail(file)
    day = parse_date(on)
    found = _all_configurations(catalog, day)
    _fail_on_empty(file, catalog, found, day)
    analysis = _analysis(catalog, day) if analyse else None
    summary = summarize(catalog)
    for row in summary["products"]:
        result = found[row["id"]]
        row["configurations"] = result.count.to_json() if result.count is not None else {"note": result.note}
    if as_json:
        if analysis is not None:
            summary["findings"] = findings_json(file, analysis)
        print_json(summary)
        return
    console.print(f"[green]OK[/green] {file}: catalog '{catalog.id}' version {catalog.version}, {catalog.currency}")
    table = Table("product", "modules", "attributes", "options", "rules", "price rules")
    for row in summary["products"]:
        table.add_row(
            f"{row['id']} ({row['label']})",
            *(str(row[key]) for key in ("modules", "attributes", "options", "rules", "price_rules")),
        )
    console.print(table)
    for product_id, result in found.items():
        if result.count is not None:
            console.print(f"{escape(product_id)}: {_shown(result.count)} valid configurations on {day}")
        else:
            errors.print(f"[yellow]note:[/yellow] {escape(f'{product_id}: {result.note}')}", soft_wrap=True)
    if analysis is not None and print_findings(file, analysis):
        raise typer.Exit(BAD_INPUT)


def _analysis(catalog: Catalog, on: date) -> CatalogAnalysis:
    """The analysis of every product in force, within the check's compile budget."""
    budget = AnalysisBudget(compile=Budget(seconds=CHECK_COMPILE_SECONDS, circuit_seconds=CHECK_COMPILE_SECONDS))
    products = [product.id for product in catalog.products if product.in_force(on)]
    return analyse_catalog(catalog, on, budget=budget, products=products)


@app.command("diff")
def diff(
    before: Annotated[str, typer.Argument(help=f"The version before: a catalog file or {VERSION_REF}")],
    after: Annotated[str, typer.Argument(help=f"The version after: a catalog file, or {VERSION_REF}")],
    on: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="Date of prices and configurations (default: today)"),
    ] = None,
    semantic: Annotated[bool, typer.Option(help="Count the configurations each version adds and removes")] = True,
) -> None:
    """Print what changed between two catalog versions (files or stored): parts, fields, prices, configurations
    per customer context."""
    first, second = catalog_at(before), catalog_at(after)
    print_diff(before, after, diff_catalogs(first, second, parse_date(on), semantic=semantic))


def _all_configurations(catalog: Catalog, on: date) -> dict[str, _Configurations]:
    """Each product's configurations, until `CHECK_TOTAL_SECONDS` are spent (the rest say so)."""
    ends = time.monotonic() + CHECK_TOTAL_SECONDS
    found = {}
    for product in catalog.products:
        if time.monotonic() > ends:
            note = f"configurations not counted: the check spent its {CHECK_TOTAL_SECONDS:g} s on the products before"
            found[product.id] = _Configurations(note=note)
        else:
            found[product.id] = _configurations(catalog, product, on)
    return found


def _configurations(catalog: Catalog, product: Product, on: date) -> _Configurations:
    """Count the product's valid configurations on `on` within the check's budgets."""
    if not product.in_force(on):
        return _Configurations(note=f"not in force on {on}; its configurations were not counted")
    budget = Budget(seconds=CHECK_COMPILE_SECONDS, circuit_seconds=CHECK_COMPILE_SECONDS)
    try:
        engine = Engine.open(catalog, product.id, budget=budget)
    except TailorError as error:
        return _Configurations(note=f"configurations not counted: {error.message}")
    try:
        return _count_in_contexts(engine, catalog, on)
    except TailorError as error:
        return _Configurations(note=f"configurations not counted: {error.message}")
    finally:
        engine.close()


def _count_in_contexts(engine: Engine, catalog: Catalog, on: date) -> _Configurations:
    """The count without a customer context; when that is 0, the first context that has some."""
    contexts = _contexts(catalog)
    for tried, context in enumerate(contexts, start=1):
        count = engine.count({}, context, on, seconds=CHECK_COUNT_SECONDS, solutions=CHECK_SOLUTIONS)
        if count.count > 0:
            return _Configurations(count, tried)
        if not count.exact:
            why = count.narrowed or f"none found within {CHECK_COUNT_SECONDS:g} s"
            return _Configurations(note=f"whether it has any valid configuration is not decided ({why})")
    return _Configurations(Count(0), len(contexts))


def _contexts(catalog: Catalog) -> list[dict[str, str]]:
    """No context first, then combinations of the declared values (those a rule can tell apart)."""
    keys = [(key, values) for key, values in catalog.context.items() if values]
    combinations = itertools.product(*([{}, *({key: value} for value in values)] for key, values in keys))
    contexts = ({k: v for part in combination for k, v in part.items()} for combination in combinations)
    return list(itertools.islice(contexts, CHECK_CONTEXTS))


def _fail_on_empty(file: str, catalog: Catalog, found: dict[str, _Configurations], on: date) -> None:
    """Print each product that has no valid configuration, placed in the file, and exit 2."""
    issues = []
    for index, product in enumerate(catalog.products):
        result = found[product.id]
        if result.count is None or result.count.count > 0:
            continue
        where = _contexts_said(catalog, result.contexts)
        message = f"product '{product.id}' has no valid configuration on {on}{where} (0 configurations)"
        issues.append(issue_at(file, ("products", index), message))
    if issues:
        for issue in issues:
            errors.print(str(issue), soft_wrap=True, markup=False)
        errors.print(f"[red]{len(issues)} problem{'s' if len(issues) != 1 else ''}[/red] in {escape(file)}")
        raise typer.Exit(BAD_INPUT)


def _contexts_said(catalog: Catalog, tried: int) -> str:
    """Which customer contexts a count of 0 holds for, in words."""
    possible = math.prod(len(values) + 1 for values in catalog.context.values() if values)
    if possible == 1:
        return ""
    return " for any customer context" if tried >= possible else f" in the {tried} customer contexts tried"


def _shown(count: Count) -> str:
    return f"{count.count:,}" if count.exact else f"at least {count.count:,}"


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the catalog format."""
    typer.echo(json.dumps(Catalog.model_json_schema(by_alias=True), indent=2))


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The model to import")],
    format_: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Catalog file to write (.yaml or .json)")
    ] = None,
    names: Annotated[Path | None, typer.Option("--names", help="Value names (`VarN : a, b, ...`), XCSP only")] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Keep it as a new draft in the database (never live until published)")
    ] = False,
) -> None:
    """Import an XCSP 2.1, UVL or FeatureIDE model as a catalog file or a draft, and report what was not mapped."""
    if format_ not in FORMATS:
        fail(f"unknown format '{format_}' (expected one of: {', '.join(FORMATS)})")
    if output is None and not draft:
        fail("say where the catalog goes: --output FILE, --draft (a draft in the database), or both")
    try:
        result = import_model(format_, file, names=names)
    except ModelImportError as error:
        fail(str(error))
    product = result.catalog.products[0]
    name = localize(product.label) or product.id
    said = f"{len(product.attribute_index)} attributes, {len(product.rules)} rules ({name})"
    if output is not None:
        _write(output, dump_catalog(result.catalog, json_format=output.suffix.lower() == ".json"))
        console.print(f"[green]wrote[/green] {output}: {said}")
    if draft:
        kept = import_draft(document_of(result.catalog), result.catalog.id, f"imported from {file.name} ({format_})")
        console.print(f"[green]draft[/green] catalog '{escape(kept.catalog_id)}' version {kept.number}: {said}")
    for note in result.unmapped:
        errors.print(f"[yellow]not mapped:[/yellow] {escape(note)}", soft_wrap=True)


def _write(output: Path, text: str) -> None:
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror}")
