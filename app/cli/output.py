"""Shared CLI output helpers: a Rich console for people, plain JSON for scripts."""

from __future__ import annotations

import json
from typing import Any, NoReturn

import typer
from rich.console import Console

from app.catalog import Catalog, CatalogError, load_catalog

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

BAD_INPUT = 2


def fail(message: str) -> NoReturn:
    """Print `message` on standard error and exit with status 2 (bad input)."""
    errors.print(f"[red]error:[/red] {message}", soft_wrap=True)
    raise typer.Exit(BAD_INPUT)


def load_or_fail(path: str) -> Catalog:
    """Load a catalog file, or print every problem in it and exit with status 2."""
    try:
        return load_catalog(path)
    except CatalogError as error:
        for issue in error.issues:
            errors.print(str(issue), soft_wrap=True, markup=False)
        count = len(error.issues)
        errors.print(f"[red]{count} problem{'s' if count != 1 else ''}[/red] in {path}")
        raise typer.Exit(BAD_INPUT) from None


def print_json(data: Any) -> None:
    """Print `data` as indented JSON on standard output."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
