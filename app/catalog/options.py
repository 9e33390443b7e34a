"""Options: the values of an attribute, with their price, cost, properties and terms.

Money is in integer minor units of the catalog's currency (cents for EUR); rates are
`Decimal` percentages (`apr: 7.9` is 7.9 % a year).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field, model_validator

from app.catalog.base import CatalogModel, Dated
from app.catalog.errors import ProblemValueError
from app.catalog.ids import Id, OptionId
from app.catalog.numbers import Number, Price, Rate, Whole
from app.catalog.text import Text

MinorUnits = int
"""An amount of money in the catalog currency's minor units (cents); fields use the bounded `Price`."""


class DatedPrice(Dated):
    """A price in force between two dates; it replaces the option's `price` on those dates."""

    price: Price


class ServiceTerms(CatalogModel):
    """What a service level promises: its annual fee and the response time in hours."""

    annual_fee: Price
    response_hours: Whole = Field(gt=0)
    annual_cost: Price = 0


class PaymentTerms(CatalogModel):
    """How a payment plan is paid: down payment, then `instalments` equal monthly payments.

    `apr` is the nominal annual rate in percent (monthly rate = apr / 12 / 100), `fee` a fixed
    charge in minor units added to the total cost, `down_payment_percent` the share paid up front.
    """

    instalments: int = Field(ge=1, le=120)
    apr: Rate = Decimal(0)
    fee: Price = 0
    down_payment_percent: Rate = Decimal(0)


class Option(Dated):
    """One value of a one-of or many-of attribute.

    `none: true` marks the "left out" value (no add-on, an absent optional part): it adds
    nothing to the product. `properties` are named numbers (weight_kg, lead_days, watts)
    that linear rules can sum.
    """

    id: OptionId
    label: Text | None = None
    description: Text | None = None
    none: bool = False
    price: Price = 0
    cost: Price = 0
    prices: list[DatedPrice] = Field(default_factory=list)
    properties: dict[Id, Number] = Field(default_factory=dict)
    service: ServiceTerms | None = None
    payment: PaymentTerms | None = None

    @model_validator(mode="after")
    def _none_is_free(self) -> Option:
        if self.none and (self.price or self.cost or self.service or self.payment):
            raise ProblemValueError("a 'none' option (left out) cannot have a price, cost or terms")
        return self

    def price_on(self, on: date) -> MinorUnits:
        """The price in force on `on`: the first dated price covering it, else `price`."""
        for dated in self.prices:
            if dated.in_force(on):
                return dated.price
        return self.price

    def property_on(self, name: str, on: date) -> Decimal:
        """Property `name` of this option on `on`: `price` and `cost` are its price and unit cost."""
        if name == "price":
            return Decimal(self.price_on(on))
        if name == "cost":
            return Decimal(self.cost)
        return self.properties.get(name, Decimal(0))
