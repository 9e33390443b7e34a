"""Helpers shared by the importers: safe ids, module chunks, and the final check of a catalog."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.catalog.checks import check_catalog
from app.catalog.errors import format_path
from app.catalog.importers.result import ModelImportError
from app.catalog.limits import MAX_FILE_BYTES, MAX_PRICE, FileTooLargeError, read_bounded
from app.catalog.model import Catalog

_NOT_IN_IDS = re.compile(r"[,=\x00-\x1f]")


def safe_id(name: str) -> str:
    """`name` as an id: `,` becomes `;`, `=` becomes `:`, a tab a space; other control characters go."""
    text = _NOT_IN_IDS.sub(lambda match: {",": ";", "=": ":", "\t": " "}.get(match.group(), ""), name).strip()
    return text[:200] or "_"


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse a model file larger than `limit` bytes before any parser reads it."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ModelImportError("{path}: cannot read: {detail}", path=path, detail=error.strerror or error) from None
    if size > limit:
        raise ModelImportError("{path}: {detail}", path=path, detail=FileTooLargeError(limit))


def read_model_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """The text of a model file of at most `limit` bytes."""
    try:
        return read_bounded(path, limit).decode("utf-8")
    except FileTooLargeError as error:
        raise ModelImportError("{path}: {error}", path=path, error=error) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ModelImportError("{path}: cannot read: {error}", path=path, error=error) from None


def price_problem(price: Decimal) -> str | None:
    """What is wrong with a feature's price in major units (euros), or None when it fits a catalog."""
    if not price.is_finite():
        return "is not a finite number"
    if price < 0:
        return "is negative (a catalog price is never below 0)"
    if price > Decimal(MAX_PRICE) / 100:  # not price * 100: that overflows for 1E+999999
        return f"is above the largest catalog price ({MAX_PRICE / 100:,.2f})"
    return None


def catalog_id(path: Path) -> str:
    """The catalog id for a source file: its stem, made safe."""
    return safe_id(path.stem)


def finish_catalog(data: dict[str, Any], path: Path) -> Catalog:
    """Validate the catalog built from `path` and run every meaning check on it.

    A problem here is a bug in the importer, not in the source; it is reported, never hidden.
    """
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = format_path(tuple(first["loc"]))
        raise ModelImportError(
            "{path}: could not build a catalog: {where}: {first}", path=path, where=where, first=first["msg"]
        ) from None
    problems = check_catalog(catalog)
    if problems:
        loc, message = problems[0]
        count = len(problems)
        raise ModelImportError(
            "{path}: the imported catalog has {count} problem(s): {detail}: {message}",
            path=path,
            count=count,
            detail=format_path(loc),
            message=message,
        )
    return catalog
