"""The core's modules import each other without a circle (imports at any depth of a file count)."""

from __future__ import annotations

from pathlib import Path

from tests.test_architecture import APP, CORE, imported_modules


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Per core module, the core modules it imports."""
    files = [path for package in CORE for path in sorted((APP / package).rglob("*.py"))]
    names = {module_name(path): path for path in files}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        graph[name] = {target for target in imported_modules(path) if target in names and target != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle through each module that reaches itself, found by depth-first search."""
    found: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            found.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for target in sorted(graph[node]):
            visit(target, [*path, node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    return found


def test_the_core_has_no_import_circle() -> None:
    assert circles(import_graph()) == []


def test_the_circle_finder_sees_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]
