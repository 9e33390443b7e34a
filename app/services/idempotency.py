"""Idempotency keys: a form carries a random key, so a retried post (a timed-out client, a double
click) finds what the first one made instead of making it again.

The key row is written in the same transaction as what the post makes; two posts racing with
one key cannot both commit (the key is unique), and the loser reads the winner's result.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlmodel import Session, select

from app.errors import TailorError
from app.models.security import IdempotentRequest

KEY_LENGTH = (16, 64)
"""Shortest and longest key accepted (a new key is 32 URL-safe characters)."""


def new_key() -> str:
    """A fresh key for a form."""
    return secrets.token_urlsafe(24)


def checked_key(text: str) -> str:
    """The form's key when it looks like one (422 otherwise: the form is not one of ours)."""
    low, high = KEY_LENGTH
    if not low <= len(text) <= high or not all(c.isalnum() or c in "-_" for c in text):
        raise TailorError("this form is missing its key: reload the page and try again")
    return text


def claimed(*, session: Session, scope: str, key: str) -> dict[str, Any] | None:
    """What an earlier post with this key made (None when it is the first)."""
    row = session.exec(select(IdempotentRequest).where(IdempotentRequest.key == f"{scope}:{key}")).first()
    return dict(row.result) if row is not None else None


def remember(*, session: Session, scope: str, key: str, result: dict[str, Any]) -> None:
    """Record what this post made, in the caller's transaction."""
    session.add(IdempotentRequest(scope=scope, key=f"{scope}:{key}", result=result))
    session.flush()
