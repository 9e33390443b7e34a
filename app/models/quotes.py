"""Quotes: a rep's offer to one customer, its lines, the approvals it asked for, and the discount policy.

One row of `quote` is one revision. The first revision's id names the whole quote (`root_id`); a
change to a sent quote adds a revision with the same `root_id` and the next `revision` number, and
the older one becomes `superseded`. Each line keeps the exact catalog version it was priced on
(`catalog_hash`) and its price breakdown at quantity 1 (JSON), so the quote never moves under the rep
when a new version is published: it is flagged (`recheck`) and the rep decides to requote.
Money is integer minor units of the quote's `currency`; percents are text with two decimals.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import json_column, timestamp, utcnow

QUOTE_STATUSES = ("draft", "pending_approval", "approved", "sent", "accepted", "rejected", "expired", "superseded")
"""The statuses of `app.quotes.validity.Status`, and `superseded` for a revision a newer one replaced."""
OPEN_QUOTE_STATUSES = ("draft", "pending_approval", "approved", "sent")
"""A quote in one of these may still become an order."""
APPROVAL_STATES = ("pending", "approved", "rejected", "cancelled")


class Quote(SQLModel, table=True):
    """One revision of a quote to one customer (a person, or a company and one of its contacts)."""

    __tablename__ = "quote"
    __table_args__ = (UniqueConstraint("root_id", "revision", name="uq_quote_revision"),)

    id: int | None = Field(default=None, primary_key=True)
    root_id: int | None = Field(default=None, index=True)
    """The first revision's id (the quote's number); set right after the first revision is stored."""
    revision: int = 1
    customer_id: int = Field(foreign_key="customer.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="customer.id")
    """For a company: the person at it the quote is for."""
    owner_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    """The rep who owns the quote (None once that account is erased)."""
    status: str = Field(default="draft", max_length=20, index=True)
    channel: str = Field(default="call_centre", max_length=32)
    currency: str = Field(default="EUR", max_length=3)
    discount_percent: str | None = Field(default=None, max_length=8)
    """The quote discount, percent with at most two decimals ("7.5")."""
    valid_until: date
    terms: str = Field(default="", max_length=2000)
    reason: str = Field(default="", max_length=1000)
    """The rep's reason for a discount above her authority (what the manager reads)."""
    net_minor: int = 0
    margin_minor: int = 0
    """The totals when last priced (for lists and sorting; the page prices again)."""
    request_id: int | None = Field(default=None, foreign_key="interaction.id")
    """The customer's quote request this answers, if any."""
    accept_token_hash: str | None = Field(default=None, max_length=64, index=True)
    """SHA-256 of the link the customer opens to read and accept the quote (the token itself is never kept)."""
    order_id: int | None = Field(default=None, foreign_key="orders.id")
    recheck: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    """Set when a newer catalog version is published: the versions, and per line what broke or what moved."""
    version: int = 1
    """Optimistic lock: a change from a stale copy is refused."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    sent_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    decided_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    """When the customer accepted or rejected it."""


class QuoteLine(SQLModel, table=True):
    """One configured product of a quote revision, with its quantity, discount and locked price."""

    __tablename__ = "quote_line"
    __table_args__ = (UniqueConstraint("quote_id", "key", name="uq_quote_line_key"),)

    id: int | None = Field(default=None, primary_key=True)
    quote_id: int = Field(foreign_key="quote.id", index=True)
    key: str = Field(max_length=64)
    """Names the line across revisions (a revised line keeps its key)."""
    position: int = 0
    catalog_id: str = Field(max_length=100)
    catalog_version: str = Field(max_length=50)
    catalog_hash: str = Field(max_length=64)
    product_id: str = Field(max_length=100)
    choices: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    quantity: int = 1
    discount_percent: str | None = Field(default=None, max_length=8)
    discount_per_unit: int | None = None
    """A line discount as an amount per unit (minor units); at most one of it and `discount_percent`."""
    breakdown: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    """The configuration's `PriceBreakdown` at quantity 1, on the locked version and the customer's context."""
    context: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    """The customer context it was priced in (tier, region, segment, channel; the day)."""


class QuoteApproval(SQLModel, table=True):
    """A quote above the rep's authority, waiting for a sales manager; the rep's reason and the decision."""

    __tablename__ = "quote_approval"

    id: int | None = Field(default=None, primary_key=True)
    quote_id: int = Field(foreign_key="quote.id", index=True)
    quote_version: int = 1
    """The quote's `version` when asked: a later change cancels the request and asks again."""
    requested_by: int | None = Field(default=None, foreign_key="account.id")
    requested_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    reason: str = Field(default="", max_length=1000)
    limits: list[Any] = Field(default_factory=list, sa_column=json_column())
    """Which limits the quote passes (the verdict's reasons: limit, template, values)."""
    state: str = Field(default="pending", max_length=16, index=True)
    decided_by: int | None = Field(default=None, foreign_key="account.id")
    decided_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    comment: str = Field(default="", max_length=2000)


class AuthorityPolicyRecord(SQLModel, table=True):
    """The discount authority policy as an admin last saved it (every save kept; the newest is in force)."""

    __tablename__ = "authority_policy"

    id: int | None = Field(default=None, primary_key=True)
    document: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    """`app.quotes.authority.AuthorityPolicy` as JSON."""
    saved_by: int | None = Field(default=None, foreign_key="account.id")
    saved_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
