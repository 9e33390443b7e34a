"""The pure core imports no web or database code (checked by walking every import with ast)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
CORE = ["catalog", "pricing", "engine", "value", "identity", "analysis"]
FORBIDDEN = (
    "fastapi",
    "starlette",
    "sqlmodel",
    "sqlalchemy",
    "alembic",
    "uvicorn",
    "jinja2",
    "app.web",
    "app.services",
    "app.cli",
    "app.db",
    "app.main",
)


def imported_modules(path: Path) -> list[str]:
    """Every module name `path` imports, at any depth of the file."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def core_files() -> list[Path]:
    files = []
    for package in CORE:
        root = APP / package
        files.extend(sorted(root.rglob("*.py")) if root.is_dir() else [])
        single = APP / f"{package}.py"
        files.extend([single] if single.is_file() else [])
    return files


def test_core_exists() -> None:
    assert core_files(), "the pure core has no files"


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(APP)))
def test_core_imports_no_web_or_database(path: Path) -> None:
    bad = [name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN or name.startswith(FORBIDDEN)]
    assert not bad, f"{path} imports {bad}"


def test_checker_sees_forbidden_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from sqlmodel import Session\n")
    assert imported_modules(sample) == ["sqlmodel"]
