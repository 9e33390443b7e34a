"""What an importer gives back, and the error it raises (apart from the package so importers need not import it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.catalog.model import Catalog
from app.errors import TailorError


class ModelImportError(TailorError):
    """The source model could not be read; the message says what and where."""


@dataclass
class ImportResult:
    """The imported catalog and a note for each source element that could not be mapped."""

    catalog: Catalog
    unmapped: list[str] = field(default_factory=list)
