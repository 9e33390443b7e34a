"""Translatable text: a plain string, or a mapping from locale code to string."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from app.catalog.errors import ProblemValueError

Locale = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")]


def _non_empty(value: str | dict[str, str]) -> str | dict[str, str]:
    if isinstance(value, dict) and not value:
        raise ProblemValueError("a translated text needs at least one language")
    if isinstance(value, str) and not value.strip():
        raise ProblemValueError("text must not be empty")
    return value


Text = Annotated[str | dict[Locale, str], AfterValidator(_non_empty)]
"""A label or message: either one string, or `{en: ..., es: ..., pt: ...}`."""


def localize(text: str | dict[str, str] | None, locale: str = "en", fallback: str = "en") -> str:
    """Return `text` in `locale`, else in `fallback`, else in its first language ('' for None)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for code in (locale, locale.split("-")[0], fallback):
        if code in text:
            return text[code]
    return next(iter(text.values()))
