"""The outbox: e-mail written in the same transaction as the change it reports, delivered by the worker.

A message is *due* while it is neither sent nor given up and `next_attempt_at` has passed. A
worker claims due messages by moving `next_attempt_at` one lease ahead, so no other worker takes
them meanwhile; a worker that dies mid-send leaves them due again when the lease ends. Each
failed try counts in `attempts` and waits longer; after the last one `failed_at` is set.
`last_error` says what went wrong in a few words, never what the message said.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from app.models.base import timestamp, utcnow

MAX_ADDRESS = 254
"""The longest address SMTP can carry (RFC 5321 path limit less its angle brackets)."""
MAX_BODY = 100_000


class OutboxMessage(SQLModel, table=True):
    """One e-mail to send: who to, what it says (text, optional HTML), and how delivery went."""

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=50)
    """What the message is for ("verify_email", "quote"), for counting and erasure reports."""
    to_address: str = Field(max_length=MAX_ADDRESS)
    subject: str = Field(max_length=200)
    body_text: str = Field(max_length=MAX_BODY)
    body_html: str | None = Field(default=None, max_length=MAX_BODY)
    locale: str = Field(default="en", max_length=16)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    attempts: int = 0
    sent_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    failed_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    last_error: str | None = Field(default=None, max_length=200)


MAX_ATTACHMENT = 5_000_000
"""The largest file one message may carry (bytes)."""


class OutboxAttachment(SQLModel, table=True):
    """A file sent with an outbox message (a quote's PDF): its name, type and bytes."""

    __tablename__ = "outbox_attachment"

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="outbox_message.id", index=True)
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=100)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
