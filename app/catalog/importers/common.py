"""Helpers shared by the importers: safe ids, module chunks, and the final check of a catalog."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.catalog.checks import check_catalog
from app.catalog.errors import format_path
from app.catalog.importers import ModelImportError
from app.catalog.model import Catalog

_NOT_IN_IDS = re.compile(r"[,=\x00-\x1f]")


def safe_id(name: str) -> str:
    """`name` as an id: `,` becomes `;`, `=` becomes `:`, a tab a space; other control characters go."""
    text = _NOT_IN_IDS.sub(lambda match: {",": ";", "=": ":", "\t": " "}.get(match.group(), ""), name).strip()
    return text[:200] or "_"


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
        raise ModelImportError(f"{path}: could not build a catalog: {where}: {first['msg']}") from None
    problems = check_catalog(catalog)
    if problems:
        loc, message = problems[0]
        count = len(problems)
        raise ModelImportError(f"{path}: the imported catalog has {count} problem(s): {format_path(loc)}: {message}")
    return catalog
