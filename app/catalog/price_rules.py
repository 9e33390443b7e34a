"""Price rules: named discounts applied after the list price, each in force between dates.

They apply in document order, each to the goods subtotal left by the ones before it
(base + options + formula lines, not the service fee unless `targets` names the service
attribute). Percentages are `Decimal` percent; amounts are minor units.
- `tier_discount`: a percent per value of a context key (`tier` by default).
- `volume`: the best break whose `min_quantity` the ordered quantity reaches.
- `promotion`: a percent or an amount off, when its optional condition holds; an amount is
  taken once per order (not per unit) and never more than what it covers.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from app.catalog.base import CatalogModel, Dated
from app.catalog.conditions import Condition
from app.catalog.errors import ProblemValueError
from app.catalog.ids import Id
from app.catalog.numbers import Percent, Price, Whole
from app.catalog.text import Text


class PriceRuleBase(Dated):
    """Every price rule has an id and a label the customer sees on the price breakdown."""

    id: Id
    label: Text
    targets: list[Id] | None = None
    """Attributes whose lines the rule discounts; default: the whole goods subtotal."""


class TierDiscount(PriceRuleBase):
    """`discounts: {retain: 10, grow: 5}`: percent off by the customer's `context` value."""

    kind: Literal["tier_discount"]
    context: Id = "tier"
    discounts: dict[str, Percent] = Field(min_length=1)


class VolumeBreak(CatalogModel):
    """From `min_quantity` units up, `percent` off."""

    min_quantity: Whole = Field(ge=2)
    percent: Percent


class Volume(PriceRuleBase):
    """Quantity breaks; the largest reached applies."""

    kind: Literal["volume"]
    breaks: list[VolumeBreak] = Field(min_length=1)

    @model_validator(mode="after")
    def _ascending(self) -> Volume:
        quantities = [b.min_quantity for b in self.breaks]
        if quantities != sorted(set(quantities)):
            raise ProblemValueError("volume breaks must have strictly increasing min_quantity")
        return self


class Promotion(PriceRuleBase):
    """A percent or an amount off while in force, when `when` holds (options or context)."""

    kind: Literal["promotion"]
    when: Condition | None = None
    percent: Percent | None = None
    amount: Price | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_discount(self) -> Promotion:
        if (self.percent is None) == (self.amount is None):
            raise ProblemValueError("give exactly one of 'percent' or 'amount'")
        return self


PriceRule = Annotated[TierDiscount | Volume | Promotion, Field(discriminator="kind")]
