"""Importers: real configuration models written elsewhere, turned into Tailor catalogs.

Ids stay traceable to the source: an attribute's id is the source variable's or feature's
name, an option's id is the value exactly as the source writes it.

Every importer keeps to the limits of `app.catalog.limits` (file size, domain size, attributes,
depth of trees and formulas, prices) and refuses a model past one with its file and line, before
building anything from it.
"""

from __future__ import annotations

from pathlib import Path

from app.catalog.importers.result import ImportResult, ModelImportError

FORMATS = ("xcsp", "uvl", "featureide")
__all__ = ["FORMATS", "ImportResult", "ModelImportError", "import_model"]


def import_model(format_: str, path: Path, *, names: Path | None = None) -> ImportResult:
    """Import the model at `path` written in `format_` (one of `FORMATS`)."""
    if not path.is_file():
        raise ModelImportError("{path}: file not found", path=path)
    if format_ == "xcsp":
        from app.catalog.importers.xcsp import import_xcsp

        return import_xcsp(path, names=names)
    if names is not None:
        raise ModelImportError("--names is only for XCSP models")
    if format_ == "uvl":
        from app.catalog.importers.uvl import import_uvl

        return import_uvl(path)
    if format_ == "featureide":
        from app.catalog.importers.featureide import import_featureide

        return import_featureide(path)
    raise ModelImportError(
        "unknown format '{format_}' (expected one of: {names})", format_=format_, names=", ".join(FORMATS)
    )
