"""Errors found in a catalog document, each with its file, position and field path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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


class Message(str):
    """A problem's English text that remembers its `template` and `values`, so pages can say it in
    their language: `Message("unknown option '{option}'", option="xl") == "unknown option 'xl'"`.

    It is a `str`, so code that builds, compares or prints problems as text keeps working."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Message:
        text = super().__new__(cls, template.format(**values) if values else template)
        text.template, text.values = template, values
        return text


class ProblemValueError(ValueError):
    """A validator's refusal with a translatable message (pydantic reports it as a value error)."""

    def __init__(self, template: str, **values: object) -> None:
        self.message = Message(template, **values)
        super().__init__(str(self.message))


def template_of(message: str) -> tuple[str, dict[str, object]]:
    """The template and values of a problem's text (the text itself, no values, when it has none)."""
    if isinstance(message, Message):
        return message.template, dict(message.values)
    return message, {}


@dataclass(frozen=True)
class CatalogIssue:
    """One problem: where it is (file, 1-based line and column, field path) and what is wrong.

    `message` is English; `template` and `values` say it in another language
    (`message == template.format(**values)`, or `message == template` when there are no values,
    as `app.i18n.say` reads them). Given a `Message`, they are taken from it."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    template: str = field(default="", compare=False)
    values: Mapping[str, object] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.template:
            template, values = template_of(self.message)
            object.__setattr__(self, "template", template)
            object.__setattr__(self, "values", values)
        object.__setattr__(self, "message", str(self.message))

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
