"""Identifier types shared by the catalog models."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, StringConstraints

from app.catalog.errors import ProblemValueError


def _coerce_id(value: Any) -> Any:
    """Accept integers as ids (`0`, `-1` from imported models); reject other non-text values."""
    if isinstance(value, bool):
        raise ProblemValueError("an id must be text, not true/false (quote it)")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ProblemValueError("an id must be text or an integer (quote it)")
    return value


Id = Annotated[
    str,
    BeforeValidator(_coerce_id),
    StringConstraints(min_length=1, max_length=200, pattern=r"^[^\s=,](?:[^=,\x00-\x1f]*[^\s=,])?$"),
]
"""An attribute, module, product or rule id: no leading/trailing spaces, no `=` or `,`."""

OptionId = Annotated[
    str,
    BeforeValidator(_coerce_id),
    StringConstraints(min_length=1, max_length=200, pattern=r"^[^\s,](?:[^,\x00-\x1f]*[^\s,])?$"),
]
"""An option id: the value exactly as its source writes it (`0`, `-1`, `Boot Cut`); no `,`."""
