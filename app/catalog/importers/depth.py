"""Depth limits of the importers: feature trees and formulas nest at most `MAX_DEPTH` levels.

The readers recurse over the trees they read, and so does the UVL grammar's parser (one call per
parenthesis, negation and feature level): `uvl_nesting` measures both on the text before the
parser runs, and the readers count their own depth as they go, so a hostile model gets a located
error instead of running out of stack.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.catalog.importers.result import ModelImportError
from app.catalog.limits import MAX_DEPTH

_OPEN, _CLOSE = "({[", ")}]"
_TOKEN = re.compile(r"'[^'\n]*'?|\"[^\"\n]*\"?|//[^\n]*|\w+|[\n(){}\[\]!]")
"""What the formula scan looks at: quoted texts, comments, names, newlines, brackets and `!`."""


def too_deep(path: Path, line: int | None, what: str) -> ModelImportError:
    """The error for `what` ("feature tree", "formula") nested past `MAX_DEPTH` at `line`."""
    where = f"{path}:{line}" if line else str(path)
    return ModelImportError(
        "{where}: {what} nested deeper than {max_depth} levels", where=where, what=what, max_depth=MAX_DEPTH
    )


def check_uvl_nesting(text: str, path: Path) -> None:
    """Refuse a UVL text whose feature tree or brackets and negations nest past `MAX_DEPTH`."""
    line = _deep_tree_line(text)
    if line is not None:
        raise too_deep(path, line, "feature tree")
    line = _deep_formula_line(text)
    if line is not None:
        raise too_deep(path, line, "formula")


def _deep_tree_line(text: str) -> int | None:
    """The first line indented past `MAX_DEPTH` features (a feature, then its group, per level)."""
    widths: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" \t")
        if not stripped or stripped.startswith("//"):
            continue
        width = len(line) - len(stripped)
        while widths and widths[-1] >= width:
            widths.pop()
        if width:
            widths.append(width)
        if (len(widths) + 1) // 2 > MAX_DEPTH:
            return number
    return None


def _deep_formula_line(text: str) -> int | None:
    """The first line where open brackets plus pending negations pass `MAX_DEPTH`.

    A negation stays open until its operand ends: at the next name, or when the bracket that
    follows it closes; `pending` holds, per open bracket, the negations written before it.
    """
    pending: list[int] = []
    held = nots = 0
    line = 1
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
        elif token in _OPEN:
            pending.append(nots)
            held, nots = held + nots, 0
        elif token in _CLOSE:
            held, nots = (held - pending.pop() if pending else held), 0
        elif token == "!":
            nots += 1
        elif not token.startswith("//"):
            nots = 0  # a name or a quoted text: the operand of the pending negations
        if len(pending) + held + nots > MAX_DEPTH:
            return line
    return None
