"""Orders and their lines: the configurations a customer bought, at what price and cost, and returns.

Money is in integer minor units (cents) of the order's currency.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from app.models.base import json_column, timestamp, utcnow

ORDER_STATUSES = ("placed", "returned", "cancelled")


class Order(SQLModel, table=True):
    """One purchase by one customer on one channel."""

    __tablename__ = "orders"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    placed_at: datetime = Field(default_factory=utcnow, sa_column=timestamp(index=True))
    channel: str = Field(default="web", max_length=32)
    currency: str = Field(default="EUR", max_length=3)
    total_minor: int = 0
    cost_minor: int = 0
    status: str = Field(default="placed", max_length=16)
    contact_email: str | None = Field(default=None, max_length=254)
    """The e-mail typed on the order form (an unverified visitor's way to be reached)."""


class OrderLine(SQLModel, table=True):
    """One configured product in an order; `returned` units are refunded."""

    __tablename__ = "order_line"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    catalog_id: str = Field(max_length=100)
    catalog_version: str = Field(max_length=50)
    catalog_hash: str | None = Field(default=None, max_length=64)
    """Content hash of the exact catalog version it was made on (None: made before versions were kept)."""
    product_id: str = Field(max_length=100)
    choices: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    quantity: int = 1
    price_minor: int = 0
    cost_minor: int = 0
    returned: int = 0
