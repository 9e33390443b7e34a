"""Reading a YAML or JSON document while keeping where each value was written.

PyYAML's node tree keeps line and column marks; the loader builds plain data from it and
asks this module for the position of a field path only when it reports a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from app.catalog.errors import Loc

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader where only `true`/`false` are booleans (so `no` and `on` stay text)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class SourceSyntaxError(Exception):
    """The text is not YAML or JSON at all; carries the 1-based position of the problem."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass
class Source:
    """A parsed document: its plain data and the node tree that remembers positions."""

    data: Any
    root: yaml.Node | None

    def position(self, loc: Loc, *, at_key: bool = False) -> tuple[int | None, int | None]:
        """1-based (line, column) of the deepest node on `loc` that exists.

        With `at_key`, a mapping entry's position is that of its key rather than its value.
        """
        node = self.root
        if node is None:
            return None, None
        for index, part in enumerate(loc):
            child = _child(node, part)
            if child is not None and at_key and index == len(loc) - 1 and isinstance(node, yaml.MappingNode):
                child = _key(node, part)
            if child is None:
                if isinstance(node, yaml.ScalarNode) and isinstance(part, int) and node.style in "|>":
                    return node.start_mark.line + 2 + part, node.start_mark.column + 1
                break
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1

    def duplicate_keys(self) -> list[tuple[Loc, yaml.Node]]:
        """Field paths and key nodes of keys written twice in one mapping (YAML keeps the last)."""
        found: list[tuple[Loc, yaml.Node]] = []
        if self.root is not None:
            _find_duplicates(self.root, (), found)
        return found


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value  # type: ignore[no-any-return]
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


def _key(node: yaml.MappingNode, part: str | int) -> yaml.Node | None:
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == str(part):
            return key
    return None


def _find_duplicates(node: yaml.Node, loc: Loc, found: list[tuple[Loc, yaml.Node]]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            if name in seen:
                found.append(((*loc, name), key))
            seen.add(name)
            _find_duplicates(value, (*loc, name), found)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _find_duplicates(item, (*loc, index), found)


def parse(text: str) -> Source:
    """Parse YAML (or JSON, a subset of it) into data plus position information."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise SourceSyntaxError(message or "not valid YAML", line, column) from None
    except yaml.YAMLError as error:
        raise SourceSyntaxError(str(error), None, None) from None
    finally:
        loader.dispose()
    return Source(data=data, root=root)
