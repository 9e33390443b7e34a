"""Attributes: the choices that make up a product, one model per kind."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, model_validator

from app.catalog.base import CatalogModel
from app.catalog.errors import ProblemValueError
from app.catalog.ids import Id, OptionId
from app.catalog.limits import MAX_DOMAIN
from app.catalog.numbers import Count, Number, Price
from app.catalog.options import MinorUnits, Option
from app.catalog.text import Text

Role = Literal["service", "payment"]


class AttributeBase(CatalogModel):
    """What every attribute has: an id, a label and an optional help text."""

    id: Id
    label: Text | None = None
    description: Text | None = None


class OneOf(AttributeBase):
    """Exactly one option is chosen. `role` marks service levels and payment plans."""

    kind: Literal["one_of"]
    options: list[Option] = Field(max_length=MAX_DOMAIN)
    default: OptionId | None = None
    role: Role | None = None


class ManyOf(AttributeBase):
    """Between `min_count` and `max_count` options are chosen (add-ons)."""

    kind: Literal["many_of"]
    options: list[Option] = Field(max_length=MAX_DOMAIN)
    min_count: Count = 0
    max_count: Count | None = None
    default: list[OptionId] = Field(default_factory=list)


class YesNo(AttributeBase):
    """A yes/no choice; its options are `yes` and `no`, and `yes` may carry a price."""

    kind: Literal["yes_no"]
    price: Price = 0
    cost: Price = 0
    properties: dict[Id, Number] = Field(default_factory=dict)
    default: Literal["yes", "no"] | None = None

    @property
    def options(self) -> list[Option]:
        """The two options, `yes` carrying the price, cost and properties."""
        return list(_yes_no_options(self.price, self.cost, tuple((k, v, str(v)) for k, v in self.properties.items())))


@lru_cache(maxsize=1024)
def _yes_no_options(price: int, cost: int, properties: tuple[tuple[str, Decimal, str], ...]) -> tuple[Option, Option]:
    """The options of a yes/no attribute, made once per price, cost and properties (options are frozen;
    the analysis and the rule checks read them thousands of times). Properties come with their text so
    that 1 and 1.0 stay apart."""
    values = {name: value for name, value, _ in properties}
    yes = Option(id="yes", label={"en": "Yes", "es": "Sí", "pt": "Sim"}, price=price, cost=cost, properties=values)
    return yes, Option(id="no", label={"en": "No", "es": "No", "pt": "Não"}, none=True)


class PriceFormula(CatalogModel):
    """A price line on a numeric attribute: `per_unit` × (value − `above`) when value > `above`.

    `per_unit` and `cost_per_unit` are minor units per unit of the attribute (cents per inch);
    the line is rounded half-up to whole minor units.
    """

    id: Id
    label: Text | None = None
    per_unit: Price
    cost_per_unit: Price = 0
    above: Number = Decimal(0)

    def amount(self, value: Decimal) -> MinorUnits:
        """The price line for `value`, rounded half-up to whole minor units."""
        return _round_half_up(self.per_unit * max(Decimal(0), value - self.above))

    def cost(self, value: Decimal) -> MinorUnits:
        """The cost line for `value`, rounded half-up to whole minor units."""
        return _round_half_up(self.cost_per_unit * max(Decimal(0), value - self.above))


def _round_half_up(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Numeric(AttributeBase):
    """A number between `min` and `max` in steps of `step`, in `unit` (waist 26-47 in)."""

    kind: Literal["numeric"]
    min: Number
    max: Number
    step: Number = Field(default=Decimal(1), gt=0)
    unit: str | None = None
    default: Number | None = None
    price_formula: list[PriceFormula] = Field(default_factory=list)

    @model_validator(mode="after")
    def _range(self) -> Numeric:
        if self.min > self.max:
            raise ProblemValueError("bad range: min {min} is above max {max}", min=self.min, max=self.max)
        # Counted, never listed: a range too large to list is refused before anything lists it.
        size = (self.max - self.min) // self.step + 1
        if size > MAX_DOMAIN:
            raise ProblemValueError(
                "too many values: {min}..{max} step {step} has {size} values (a numeric attribute has at most {limit})",
                min=self.min,
                max=self.max,
                step=self.step,
                size=f"{size:,}",
                limit=f"{MAX_DOMAIN:,}",
            )
        if (self.max - self.min) % self.step:
            raise ProblemValueError(
                "bad range: step {step} does not divide {min}..{max}", step=self.step, min=self.min, max=self.max
            )
        if self.default is not None and not self.contains(self.default):
            raise ProblemValueError(
                "default {default} is not a value of {min}..{max} step {step}",
                default=self.default,
                min=self.min,
                max=self.max,
                step=self.step,
            )
        return self

    def contains(self, value: Decimal) -> bool:
        """True when `value` is one of the attribute's values."""
        return self.min <= value <= self.max and (value - self.min) % self.step == 0

    @property
    def size(self) -> int:
        """How many values the attribute has (at most `MAX_DOMAIN` once validated)."""
        return int((self.max - self.min) // self.step) + 1

    def values(self) -> list[Decimal]:
        """All values, smallest first."""
        count = self.size
        return [self.min + i * self.step for i in range(count)]


Attribute = Annotated[OneOf | ManyOf | YesNo | Numeric, Field(discriminator="kind")]
OptionAttribute = OneOf | ManyOf | YesNo
