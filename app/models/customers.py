"""Customers (people and companies), their identifiers, contacts and addresses.

A company's contacts are people (customers of kind "person") with their role in buying. An
identifier (email, phone in E.164, account code, loyalty card, channel id) belongs to one
customer; `(kind, channel, value)` is unique, so a known identifier finds its customer on any
channel. `version` is the optimistic-lock counter: an update made from a stale copy fails
with 409 instead of overwriting a newer one. A merged customer keeps its row, pointing at
the survivor (`merged_into_id`), so old references still resolve and a merge can be undone.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from app.models.base import timestamp, utcnow

CUSTOMER_KINDS = ("person", "company")
IDENTIFIER_KINDS = ("email", "phone", "account", "loyalty", "channel")
BUYING_ROLES = ("decides", "influences", "uses")


class Customer(SQLModel, table=True):
    """A person or a company we sell to."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="person", max_length=16)
    name: str = Field(max_length=200, index=True)
    given_name: str | None = Field(default=None, max_length=100)
    family_name: str | None = Field(default=None, max_length=100)
    date_of_birth: date | None = None
    locale: str | None = Field(default=None, max_length=16)
    tier: str | None = Field(default=None, max_length=16, index=True)
    merged_into_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    erased_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    version: int = Field(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Identifier(SQLModel, table=True):
    """One way to recognise a customer; `value` is normalised (lower-case email, E.164 phone)."""

    __table_args__: ClassVar[tuple[UniqueConstraint]] = (
        UniqueConstraint("kind", "channel", "value", name="uq_identifier_kind_channel_value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    kind: str = Field(max_length=16)
    channel: str = Field(default="", max_length=32)
    """For channel ids, the channel ("instagram", "shop-app"); empty for the other kinds."""
    value: str = Field(max_length=200)
    source: str | None = Field(default=None, max_length=32)
    """Where we learnt it (the channel of the touchpoint)."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class Contact(SQLModel, table=True):
    """A person at a company, with their role in buying."""

    __table_args__: ClassVar[tuple[UniqueConstraint]] = (
        UniqueConstraint("company_id", "person_id", name="uq_contact_company_person"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="customer.id", index=True)
    person_id: int = Field(foreign_key="customer.id", index=True)
    role: str = Field(max_length=16)
    title: str | None = Field(default=None, max_length=100)


class Address(SQLModel, table=True):
    """A postal address of a customer."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    kind: str = Field(default="home", max_length=16)
    street: str = Field(max_length=200)
    city: str = Field(max_length=100)
    postcode: str | None = Field(default=None, max_length=20)
    region: str | None = Field(default=None, max_length=100)
    country: str = Field(default="ES", max_length=2)
