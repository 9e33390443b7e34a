"""Every message template the catalog's checks say problems with (for the translation tests)."""

from __future__ import annotations

import ast
from pathlib import Path

from app.catalog import check_messages, loader, size_checks
from app.catalog.pydantic_messages import PYDANTIC_TEMPLATES

CATALOG = Path(loader.__file__).resolve().parent
_MAKERS = frozenset({"Message", "ProblemValueError"})


def _literal_templates() -> set[str]:
    """The first argument of every `Message("...")` / `ProblemValueError("...")` in app/catalog."""
    found: set[str] = set()
    for path in CATALOG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            first = node.args[0]
            if name in _MAKERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def problem_templates() -> set[str]:
    """Every template a catalog problem may carry (besides the untranslated English ones)."""
    tables = (check_messages.DUPLICATE, check_messages.ONE_ROLE, check_messages.NEEDS_TERMS,
              check_messages.TERMS_BELONG)  # fmt: skip
    found = _literal_templates() | {size_checks.TOO_LARGE} | {template for _, template in loader.BOUNDS.values()}
    for table in tables:
        found |= set(table.values())
    for templates in PYDANTIC_TEMPLATES.values():
        found |= set(templates)
    return found
