"""Column helpers shared by the tables: time zone aware UTC timestamps and JSON columns."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Now, in UTC, time zone aware."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored with its time zone and always read back as aware UTC (SQLite keeps none)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"timestamp {value.isoformat()} has no time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def timestamp(*, nullable: bool = False, index: bool = False) -> Any:
    """A UTC timestamp column (for `Field(sa_column=...)`)."""
    return Column(UtcDateTime(), nullable=nullable, index=index)


def json_column() -> Any:
    """A JSON column (JSON on SQLite, JSON on PostgreSQL)."""
    return Column(JSON, nullable=False)


def json_ready(value: Any) -> Any:
    """`value` with Decimals as numbers (int when whole) and dates as ISO text, for JSON columns."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    return value
