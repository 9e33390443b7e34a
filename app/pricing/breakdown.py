"""The result of pricing: a breakdown a customer, a sales rep or a script can read line by line.

Money is in integer minor units of `currency` (cents for EUR); percentages are `Decimal`
percent (`12.5` is 12.5 %). Labels are catalog texts: a string or `{locale: string}`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

Label = str | dict[str, str]
"""A catalog text as the catalog wrote it; localize it to show it."""


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class PriceLine(_Result):
    """One priced part of the goods: the product base, a chosen option or a formula line.

    `unit_price` is per unit; `amount` = `unit_price` × quantity; `net_amount` is `amount` after
    the price rules' share of their discounts (never below 0 unless `amount` is).
    """

    kind: Literal["base", "option", "formula"]
    attribute: str | None = None
    option: str | None = None
    formula: str | None = None
    value: Decimal | None = None
    label: Label
    unit_price: int
    amount: int
    net_amount: int


class AppliedPriceRule(_Result):
    """A price rule that took something off, in document order.

    `base` is what it applied to (the covered lines as left by the rules before it), `percent`
    is set for percent discounts, and `discount` (> 0, <= `base`) is the minor units taken off.
    """

    id: str
    kind: Literal["tier_discount", "volume", "promotion"]
    label: Label
    targets: list[str] | None = None
    percent: Decimal | None = None
    base: int
    discount: int


class ServiceFee(_Result):
    """The chosen service level: its first-year `annual_fee`, charged once with the order.

    `net_amount` is the fee after discounts of price rules that target the service attribute.
    """

    attribute: str
    option: str
    label: Label
    response_hours: int
    annual_fee: int
    net_amount: int


class Margin(_Result):
    """What the order earns: `amount` = `revenue` − `cost`, in minor units.

    `cost` = `goods_unit_cost` × quantity + `service_cost` (the service's first-year cost);
    `percent` = `amount` / `revenue` × 100 rounded half-up to 0.01 (None when revenue is 0).
    """

    revenue: int
    goods_unit_cost: int
    goods_cost: int
    service_cost: int
    cost: int
    amount: int
    percent: Decimal | None


class Instalment(_Result):
    """One monthly payment: `payment` = `interest` + `principal`; `balance` is what is left after it."""

    number: int
    payment: int
    interest: int
    principal: int
    balance: int


class PaymentPlan(_Result):
    """How the total is paid: a down payment, then `instalments` monthly payments, plus a fee.

    `amount` is the breakdown's total; `financed` = `amount` − `down_payment`; `monthly_rate` is
    apr / 1200 to 12 places, for display only (the schedule uses the exact fraction). Invariants:
    the schedule's principals add up to `financed`, its last balance is 0, and `total_cost` =
    `down_payment` + sum of payments + `fee` = `amount` + `total_interest` + `fee`.
    """

    attribute: str
    option: str
    label: Label
    amount: int
    down_payment_percent: Decimal
    down_payment: int
    financed: int
    instalments: int
    apr: Decimal
    monthly_rate: Decimal
    instalment_amount: int
    schedule: list[Instalment]
    total_interest: int
    fee: int
    total_cost: int


class PriceBreakdown(_Result):
    """The price of one selection on one date, in minor units of `currency`.

    Invariants: `subtotal` = `unit_subtotal` × `quantity` = sum of line amounts; `discount` = sum
    of the applied rules' discounts; `total` = `subtotal` + the service's annual fee − `discount`
    = sum of line net amounts + the service's net amount.
    """

    currency: str
    product: str
    on: date
    quantity: int
    lines: list[PriceLine]
    unit_subtotal: int
    subtotal: int
    price_rules: list[AppliedPriceRule]
    discount: int
    service: ServiceFee | None
    total: int
    margin: Margin
    payment: PaymentPlan | None
