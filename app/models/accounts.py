"""Accounts: how a customer signs in. The password is kept only as an argon2 hash."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import timestamp, utcnow

ROLES = ("customer", "rep", "sales_manager", "catalog_manager", "admin")


class Account(SQLModel, table=True):
    """One sign-in of one customer; `email` is normalised and unique."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", unique=True, index=True)
    email: str = Field(max_length=200, unique=True, index=True)
    password_hash: str = Field(max_length=200)
    role: str = Field(default="customer", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    last_sign_in_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
