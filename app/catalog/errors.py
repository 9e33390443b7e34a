"""Errors found in a catalog document, each with its file, position and field path."""

from __future__ import annotations

from dataclasses import dataclass

Loc = tuple[str | int, ...]
"""A field path inside the document: ('products', 0, 'rules', 3, 'then', 'attribute')."""


def format_path(loc: Loc) -> str:
    """`('products', 0, 'rules', 3, 'then')` -> `products[0].rules[3].then`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(document)"


@dataclass(frozen=True)
class CatalogIssue:
    """One problem: where it is (file, 1-based line and column, field path) and what is wrong."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}"


class CatalogError(Exception):
    """A catalog that could not be loaded, with every problem found in it."""

    def __init__(self, issues: list[CatalogIssue]) -> None:
        self.issues = issues
        count = len(issues)
        lines = "\n".join(str(issue) for issue in issues)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in catalog:\n{lines}")
