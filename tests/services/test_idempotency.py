"""Idempotency keys (on SQLite and PostgreSQL): a key is checked, claimed once, and read back."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.errors import TailorError
from app.services.idempotency import checked_key, claimed, new_key, remember


def test_a_new_key_passes_the_check_and_a_foreign_one_does_not() -> None:
    key = new_key()
    assert checked_key(key) == key
    for bad in ("short", "x" * 65, "has spaces in it, not ours"):
        with pytest.raises(TailorError):
            checked_key(bad)


def test_a_remembered_key_returns_what_the_first_post_made(session: Session) -> None:
    key = new_key()
    assert claimed(session=session, scope="order", key=key) is None
    remember(session=session, scope="order", key=key, result={"order": 7})
    session.commit()
    assert claimed(session=session, scope="order", key=key) == {"order": 7}
    assert claimed(session=session, scope="quote", key=key) is None
