"""The bounded number types of the catalog format (limits and their reasons in `app.catalog.limits`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from app.catalog.limits import MAX_DECIMALS, MAX_DOMAIN, MAX_NUMBER, MAX_PRICE

Price = Annotated[int, Field(ge=0, le=MAX_PRICE)]
"""Money in the catalog currency's minor units (cents): never negative, at most `MAX_PRICE`."""

Number = Annotated[Decimal, Field(ge=-MAX_NUMBER, le=MAX_NUMBER, decimal_places=MAX_DECIMALS)]
"""A finite number within ±`MAX_NUMBER`, with at most `MAX_DECIMALS` decimal places."""

Percent = Annotated[Decimal, Field(gt=0, le=100, decimal_places=MAX_DECIMALS)]
"""A discount in percent: above 0, at most 100."""

Rate = Annotated[Decimal, Field(ge=0, le=100, decimal_places=MAX_DECIMALS)]
"""A rate or share in percent, 0 to 100."""

Count = Annotated[int, Field(ge=0, le=MAX_DOMAIN)]
"""How many options (of one attribute) a rule or attribute counts."""

Whole = Annotated[int, Field(ge=0, le=MAX_NUMBER)]
"""A whole number of something other than options (hours, units), at most `MAX_NUMBER`."""
