"""Reading a YAML or JSON document while keeping where each value was written.

PyYAML's node tree keeps line and column marks; the loader builds plain data from it and
asks this module for the position of a field path only when it reports a problem.

The document is composed by PyYAML's composer on libyaml's events, watched as it goes (limits
in `app.catalog.limits`): it refuses nesting past `MAX_NESTING`, more than `MAX_ALIASES` aliases,
an alias inside the node it names (recursive), and more than `MAX_NODES` values once aliases are
expanded (an alias bomb composes cheaply as shared nodes; what expands it is everything that
walks the data afterwards). Dates stay text for the models to parse, so `2027-02-30` is a
located "not a date" like any other bad value, and a value no tag can read (`!!int 12x`, an
integer of 5,000 digits) is a located error rather than a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

from app.catalog.errors import Loc, Message
from app.catalog.limits import MAX_ALIASES, MAX_FILE_BYTES, MAX_NESTING, MAX_NODES

_NOT_IMPLICIT = frozenset({"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"})


class _PythonEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own parser, for an installation without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


_Events: type = getattr(getattr(yaml, "cyaml", None), "CParser", _PythonEvents)


class SourceLimitError(ComposerError):
    """A document past one of the limits, at `mark`, inside the field path `loc`."""

    def __init__(self, message: str, mark: Any, loc: Loc) -> None:
        super().__init__(None, None, message, mark)
        self.loc = loc


class _LimitedComposer(Composer):
    """PyYAML's composer, counting depth, aliases and the values the document expands to."""

    peek_event: Callable[[], yaml.events.Event]  # from the parser it is mixed with

    def __init__(self) -> None:
        super().__init__()
        self._path: list[str | int] = []
        self._depth = 0
        self._aliases = 0
        self._values = 0
        self._sizes: dict[int, int] = {}
        """Values each composed node expands to, by `id`; a node being composed has none yet."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        pushed = index is not None
        if pushed:
            self._path.append(index if isinstance(index, int) else str(getattr(index, "value", "?")))
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            node = self._alias(parent, index, event)
        else:
            node = self._compose(parent, index, event)
        if pushed:
            self._path.pop()
        return node

    def _compose(self, parent: yaml.Node | None, index: Any, event: yaml.events.Event) -> yaml.Node:
        if self._depth >= MAX_NESTING and not isinstance(event, yaml.ScalarEvent):
            self._refuse(Message("nested deeper than {limit} levels", limit=MAX_NESTING), event)
        self._count(1, event)
        self._depth += 1
        node = super().compose_node(parent, index)
        self._depth -= 1
        assert node is not None
        children = node.value if isinstance(node, yaml.SequenceNode) else ()
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        self._sizes[id(node)] = 1 + sum(self._sizes[id(child)] for child in children)
        return node

    def _alias(self, parent: yaml.Node | None, index: Any, event: yaml.events.AliasEvent) -> yaml.Node:
        target = self.anchors.get(event.anchor)
        if target is not None and id(target) not in self._sizes:
            self._refuse(
                Message("alias *{alias} is inside the value it names (a recursive alias)", alias=event.anchor), event
            )
        self._aliases += 1
        if self._aliases > MAX_ALIASES:
            self._refuse(Message("more than {limit} aliases", limit=f"{MAX_ALIASES:,}"), event)
        if target is not None:
            self._count(self._sizes[id(target)], event)
        node = super().compose_node(parent, index)
        assert node is not None
        return node

    def _count(self, values: int, event: yaml.events.Event) -> None:
        self._values += values
        if self._values > MAX_NODES:
            self._refuse(Message("more than {limit} values once aliases are expanded", limit=f"{MAX_NODES:,}"), event)

    def _refuse(self, message: str, event: yaml.events.Event) -> None:
        raise SourceLimitError(message, event.start_mark, tuple(self._path))


class _Loader(_LimitedComposer, _Events, SafeConstructor, Resolver):  # type: ignore[misc]
    """Safe loader where only `true`/`false` are booleans (so `no` and `on` stay text) and dates stay text."""

    def __init__(self, stream: str) -> None:
        _Events.__init__(self, stream)  # type: ignore[misc]
        _LimitedComposer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """The value of `node`; a value its tag cannot read is a located error, not a traceback."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, KeyError, TypeError, ArithmeticError):
            kind = str(node.tag).rsplit(":", 1)[-1]
            text = str(node.value) if isinstance(node, yaml.ScalarNode) else kind
            shown = text if len(text) <= 40 else f"{text[:20]}...{text[-10:]} ({len(text):,} characters)"
            raise ConstructorError(None, None, f"cannot read '{shown}' as {kind}", node.start_mark) from None

    def construct_date_text(self, node: yaml.Node) -> str:
        """An explicit `!!timestamp` stays text too: the models parse dates, and say when one is not."""
        return str(self.construct_scalar(node))  # type: ignore[arg-type]


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in _NOT_IMPLICIT]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_date_text)


class SourceSyntaxError(Exception):
    """The text is not YAML or JSON at all, or passes a limit; carries the 1-based position and the field path."""

    def __init__(self, message: str, line: int | None, column: int | None, loc: Loc = ()) -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.loc = message, line, column, loc


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


def _find_duplicates(root: yaml.Node, root_loc: Loc, found: list[tuple[Loc, yaml.Node]]) -> None:
    """Walks each node once, in document order (an alias's target only where it is written)."""
    seen_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, Loc]] = [(root, root_loc)]
    while stack:
        node, loc = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            names = [key.value if isinstance(key, yaml.ScalarNode) else "" for key, _ in node.value]
            written: set[str] = set()
            for name, (key, _) in zip(names, node.value, strict=True):
                if name in written:
                    found.append(((*loc, name), key))
                written.add(name)
            values = [value for _, value in node.value]
            stack.extend((value, (*loc, name)) for name, value in reversed(list(zip(names, values, strict=True))))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*loc, index)) for index, item in reversed(list(enumerate(node.value))))


def parse(text: str) -> Source:
    """Parse YAML (or JSON, a subset of it) into data plus position information, within the limits."""
    if len(text) > MAX_FILE_BYTES:
        raise SourceSyntaxError(
            Message("document longer than {limit} characters", limit=f"{MAX_FILE_BYTES:,}"), None, None
        )
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message: str = " ".join(part for part in (error.context, error.problem) if part)
        if isinstance(error.problem, Message) and not error.context:
            message = error.problem  # our own limits, said with their template
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        loc = error.loc if isinstance(error, SourceLimitError) else ()
        if "exceeded maximum nesting depth" in message:  # libyaml's own limit, far past ours
            message = Message("nested deeper than {limit} levels", limit=MAX_NESTING)
        raise SourceSyntaxError(message or Message("not valid YAML"), line, column, loc) from None
    except yaml.YAMLError as error:
        raise SourceSyntaxError(str(error), None, None) from None
    finally:
        loader.dispose()
    return Source(data=data, root=root)
