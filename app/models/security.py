"""What keeps accounts safe: server-side sessions, sign-in attempts, single-use e-mail links,
and the idempotency keys that make a retried form post harmless.

Secrets are never stored: a session token, a link token or an identifier tried at sign-in is
kept only as an HMAC under the instance's secret key (`token_hash`, `*_hash`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from app.models.base import json_column, timestamp, utcnow

SESSION_KINDS = ("account", "recognised")
TOKEN_PURPOSES = ("signup", "recognise", "reset")


class WebSession(SQLModel, table=True):
    """One browser's sign-in (an account) or proven recognition (a customer without an account).

    Sign-out, a password change and erasure revoke it; a copied cookie then opens nothing.
    """

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    kind: str = Field(max_length=16)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    expires_at: datetime = Field(sa_column=timestamp(index=True))
    revoked_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class SignInAttempt(SQLModel, table=True):
    """One sign-in try: which account (keyed e-mail hash) from which address (keyed hash), and its outcome."""

    __tablename__ = "sign_in_attempt"

    id: int | None = Field(default=None, primary_key=True)
    account_hash: str = Field(max_length=64, index=True)
    address_hash: str = Field(max_length=64, index=True)
    succeeded: bool = False
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))


class EmailToken(SQLModel, table=True):
    """A single-use, expiring link sent to an e-mail address: proof that whoever opens it controls it.

    `payload` holds what the link completes (a sign-up's name, password hash and consents as
    shown); it is deleted with the token once used or expired.
    """

    __tablename__ = "email_token"

    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(max_length=16)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    email: str = Field(max_length=254, index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    address_hash: str = Field(default="", max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    expires_at: datetime = Field(sa_column=timestamp())
    used_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class IdempotentRequest(SQLModel, table=True):
    """A form post already answered: its key (unique per scope) and what it made."""

    __tablename__ = "idempotent_request"

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=32)
    key: str = Field(max_length=128, unique=True, index=True)
    """`scope:key`."""
    result: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
