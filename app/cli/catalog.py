"""`tailor catalog ...`: check a catalog file, print its JSON Schema, import foreign models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from app.catalog.importers import FORMATS, ModelImportError, import_model
from app.catalog.model import Catalog
from app.catalog.summary import summarize
from app.catalog.text import localize
from app.catalog.writer import dump_catalog
from app.cli.output import console, errors, fail, load_or_fail, print_json

app = typer.Typer(help="Check, describe and import catalogs.", no_args_is_help=True)


@app.command("check")
def check(
    file: Annotated[str, typer.Argument(help="Catalog file (.yaml or .json)")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
) -> None:
    """Load a catalog and print every problem, or a summary of what it holds."""
    catalog = load_or_fail(file)
    summary = summarize(catalog)
    if as_json:
        print_json(summary)
        return
    console.print(f"[green]OK[/green] {file}: catalog '{catalog.id}' version {catalog.version}, {catalog.currency}")
    table = Table("product", "modules", "attributes", "options", "rules", "price rules")
    for row in summary["products"]:
        table.add_row(
            f"{row['id']} ({row['label']})",
            str(row["modules"]),
            str(row["attributes"]),
            str(row["options"]),
            str(row["rules"]),
            str(row["price_rules"]),
        )
    console.print(table)


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the catalog format."""
    typer.echo(json.dumps(Catalog.model_json_schema(by_alias=True), indent=2))


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The model to import")],
    format_: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Catalog file to write (.yaml or .json)")],
    names: Annotated[Path | None, typer.Option("--names", help="Value names (`VarN : a, b, ...`), XCSP only")] = None,
) -> None:
    """Import an XCSP 2.1, UVL or FeatureIDE model as a catalog, and report what was not mapped."""
    if format_ not in FORMATS:
        fail(f"unknown format '{format_}' (expected one of: {', '.join(FORMATS)})")
    try:
        result = import_model(format_, file, names=names)
    except ModelImportError as error:
        fail(str(error))
    text = dump_catalog(result.catalog, json_format=output.suffix.lower() == ".json")
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror}")
    product = result.catalog.products[0]
    console.print(
        f"[green]wrote[/green] {output}: {len(product.attribute_index)} attributes, "
        f"{len(product.rules)} rules ({localize(product.label) or product.id})"
    )
    for note in result.unmapped:
        errors.print(f"[yellow]not mapped:[/yellow] {escape(note)}", soft_wrap=True)
