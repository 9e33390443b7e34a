"""The pure core imports no web or database code (checked by walking every import with ast)."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
CORE = ["catalog", "pricing", "engine", "value", "identity", "analysis", "quotes", "recommendations"]
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


WEB = APP / "web"
DATABASE = ("sqlmodel", "sqlalchemy", "app.models")
MOST_LINES = 400
TESTS = Path(__file__).resolve().parent


@pytest.mark.parametrize(
    "path", [p for p in sorted(WEB.rglob("*.py")) if p.name != "deps.py"], ids=lambda p: str(p.relative_to(APP))
)
def test_web_reaches_the_database_only_through_its_dependencies(path: Path) -> None:
    bad = [name for name in imported_modules(path) if name.startswith(DATABASE)]
    assert not bad, f"{path} imports {bad}: ask a service (or a dependency in app/web/deps.py)"


def long_modules() -> list[str]:
    """Modules over `MOST_LINES` lines, outside the migrations."""
    skipped = (APP / "migrations",)
    return [
        str(path.relative_to(APP))
        for path in sorted(APP.rglob("*.py"))
        if not any(path.is_relative_to(folder) for folder in skipped)
        and len(path.read_text(encoding="utf-8").splitlines()) > MOST_LINES
    ]


def test_no_module_is_over_400_lines() -> None:
    assert not long_modules()


def service_modules() -> list[Path]:
    return [p for p in sorted((APP / "services").rglob("*.py")) if p.name != "__init__.py"]


@pytest.mark.parametrize("path", service_modules(), ids=lambda p: str(p.relative_to(APP)))
def test_every_service_has_a_test_module_mirroring_it(path: Path) -> None:
    relative = path.relative_to(APP)
    mirror = TESTS / relative.parent / f"test_{path.name}"
    assert mirror.is_file(), f"{relative} has no tests in {mirror.relative_to(TESTS.parent)}"


ARCHITECTURE = APP.parent / "docs" / "architecture.md"


def click_path_names() -> list[str]:
    """The dotted names (`app.x.y.f`) the click's path in docs/architecture.md walks through."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## The click's path", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"`(app(?:\.\w+)+)`", section)


def test_the_click_path_is_written_down_one_line_per_hop() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## The click's path", 1)[1].split("\n## ", 1)[0]
    hops = re.findall(r"^\d+\. (web|service|core|engine|template): ", section, re.M)
    assert hops[0] == "web"
    assert hops[-1] == "template"
    assert {"web", "service", "engine", "template"} <= set(hops)


@pytest.mark.parametrize("name", click_path_names())
def test_every_hop_of_the_click_path_names_real_code(name: str) -> None:
    module_name, _, attribute = name.rpartition(".")
    while module_name:
        try:
            found: object = importlib.import_module(module_name)
            break
        except ModuleNotFoundError:
            module_name, _, parent = module_name.rpartition(".")
            attribute = f"{parent}.{attribute}"
    for part in attribute.split("."):
        found = getattr(found, part)
    assert callable(found), f"{name} in docs/architecture.md is not a function or class"
