"""Attempts to be recognised without signing in (an e-mail or loyalty card, checked by postcode).

Only hashes are kept (of the visitor's cookie token and of the identifier typed), enough to
count recent failures and stop guessing, nothing that says who tried.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import timestamp, utcnow


class RecognitionAttempt(SQLModel, table=True):
    """One try at "it's me": when, by which browser, for which identifier, and whether it matched."""

    __tablename__ = "recognition_attempt"

    id: int | None = Field(default=None, primary_key=True)
    visitor_hash: str = Field(max_length=64, index=True)
    identifier_hash: str = Field(max_length=64, index=True)
    succeeded: bool = False
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
