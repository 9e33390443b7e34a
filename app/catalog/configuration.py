"""Selections, configurations and customer context: the inputs of the engine and pricing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.catalog.ids import Id, OptionId

Choice = OptionId | list[OptionId] | Decimal
"""One attribute's value: an option id (one-of, yes/no), a list of ids (many-of) or a number."""


def today() -> date:
    """Today's date in UTC: the default date for effective dates."""
    return datetime.now(UTC).date()


class Context(BaseModel):
    """What is known about the customer at configuration time, not chosen by them.

    `values` holds the declared context keys (tier, segment, region, channel); `on` is the
    date that decides which options, rules and prices are in force.
    """

    model_config = ConfigDict(frozen=True)

    values: dict[Id, str] = Field(default_factory=dict)
    on: date = Field(default_factory=today)


class Selection(BaseModel):
    """The choices made so far on one product (a configuration when complete and valid)."""

    model_config = ConfigDict(frozen=True)

    product: Id | None = None
    choices: dict[Id, Choice] = Field(default_factory=dict)
    quantity: Annotated[int, Field(ge=1)] = 1
