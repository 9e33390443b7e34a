"""A quote line: one priced configuration, a quantity, an optional line discount, and its totals.

The configuration is priced by `app.pricing.price` at quantity 1 (`breakdown`): its goods lines,
the catalog price rules that applied to one unit (tier discounts, promotions), its service level
and its payment plan. The line multiplies the goods by `quantity`; the service fee stays once per
line, as pricing charges it once per order. All money is integer minor units of
`breakdown.currency`; percentages are `Decimal` percent with at most two decimals.

Order of application, each on what the ones before it left of the line's goods (never the service):
1. list = unit goods list × quantity + the service's annual fee;
2. catalog discount = the unit breakdown's rule discounts × quantity (service part once);
3. volume discount, from the quote (the total quantity of the product, see `app.quotes.volume`);
4. line discount: `percent` of the goods left, rounded half-up, or `amount_per_unit` × quantity;
   a discount larger than the goods left is refused (`DiscountTooLargeError`), never capped;
5. quote discount share, from the quote (see `app.quotes.totals`).
Invariants: net = list − all discounts >= 0; cost = unit cost × quantity + service cost;
margin = net − cost. The payment plan is the line's own plan recomputed on its net.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.catalog.options import PaymentTerms
from app.pricing.amortisation import payment_plan
from app.pricing.breakdown import PaymentPlan, PriceBreakdown
from app.pricing.money import percent_of, ratio_percent
from app.quotes.errors import DiscountTooLargeError

MAX_QUANTITY = 10_000
"""The most units one line may order."""

LinePercent = Annotated[Decimal, Field(gt=0, le=100, decimal_places=2)]
"""A discount percent: more than 0, at most 100, two decimals at most (12.5 is 12.5 %)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LineDiscount(_Frozen):
    """A rep's discount on one line: exactly one of a percent or an amount per unit (minor units)."""

    percent: LinePercent | None = None
    amount_per_unit: int | None = Field(default=None, gt=0, le=10**12)

    @model_validator(mode="after")
    def _one_kind(self) -> LineDiscount:
        if (self.percent is None) == (self.amount_per_unit is None):
            raise ValueError("give exactly one of 'percent' or 'amount_per_unit'")
        return self


class QuoteLine(_Frozen):
    """One line of a quote; `key` names it across revisions (a line keeps its key when edited)."""

    key: str = Field(min_length=1, max_length=64)
    breakdown: PriceBreakdown
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    discount: LineDiscount | None = None

    @model_validator(mode="after")
    def _priced_per_unit(self) -> QuoteLine:
        if self.breakdown.quantity != 1:
            raise ValueError("a quote line's breakdown is priced at quantity 1")
        return self

    @property
    def product(self) -> str:
        return self.breakdown.product

    @property
    def currency(self) -> str:
        return self.breakdown.currency

    @property
    def unit_list(self) -> int:
        """One unit's goods before any discount (base + options + formula lines)."""
        return self.breakdown.subtotal

    @property
    def unit_goods_net(self) -> int:
        """One unit's goods after the catalog price rules."""
        return sum(line.net_amount for line in self.breakdown.lines)

    @property
    def unit_cost(self) -> int:
        return self.breakdown.margin.goods_unit_cost

    @property
    def service_fee(self) -> int:
        return self.breakdown.service.annual_fee if self.breakdown.service else 0

    @property
    def service_net(self) -> int:
        return self.breakdown.service.net_amount if self.breakdown.service else 0

    def choices(self) -> dict[str, tuple[str, ...]]:
        """What was chosen, attribute by attribute: option ids, or a numeric value as text."""
        chosen: dict[str, tuple[str, ...]] = {}
        for line in self.breakdown.lines:
            if line.attribute is None:
                continue
            picked = line.option if line.option is not None else str(line.value)
            chosen[line.attribute] = (*chosen.get(line.attribute, ()), picked)
        if self.breakdown.service:
            chosen.setdefault(self.breakdown.service.attribute, (self.breakdown.service.option,))
        if self.breakdown.payment:
            chosen.setdefault(self.breakdown.payment.attribute, (self.breakdown.payment.option,))
        return chosen


class LineTotals(_Frozen):
    """A line's money in minor units; see the module docstring for the order and invariants."""

    key: str
    product: str
    quantity: int
    list: int
    catalog_discount: int
    volume_discount: int
    line_discount: int
    quote_discount: int
    net: int
    cost: int
    margin: int
    margin_percent: Decimal | None
    payment: PaymentPlan | None

    @property
    def discount(self) -> int:
        """Every discount on the line together."""
        return self.catalog_discount + self.volume_discount + self.line_discount + self.quote_discount


def goods_after_catalog(line: QuoteLine) -> int:
    """The line's goods after the catalog's rules: the base the volume discount applies to."""
    return line.unit_goods_net * line.quantity


def line_discount_amount(line: QuoteLine, goods_left: int) -> int:
    """The line discount on `goods_left` minor units; raises `DiscountTooLargeError` above them."""
    if line.discount is None:
        return 0
    if line.discount.percent is not None:
        return percent_of(goods_left, line.discount.percent)
    assert line.discount.amount_per_unit is not None
    amount = line.discount.amount_per_unit * line.quantity
    if amount > goods_left:
        raise DiscountTooLargeError(
            "Line {line}: a discount of {amount} is more than the {left} its goods cost.",
            line=line.key,
            amount=amount,
            left=goods_left,
        )
    return amount


def line_totals(line: QuoteLine, *, volume_discount: int = 0, quote_discount: int = 0) -> LineTotals:
    """The line's totals, given its share of the quote's volume and quote discounts (minor units)."""
    goods = goods_after_catalog(line)
    if not 0 <= volume_discount <= goods:
        raise ValueError("a volume discount lies between 0 and the goods after catalog rules")
    own = line_discount_amount(line, goods - volume_discount)
    if not 0 <= quote_discount <= goods - volume_discount - own:
        raise ValueError("a quote discount share lies between 0 and the goods left")
    listed = line.unit_list * line.quantity + line.service_fee
    catalog = (line.unit_list - line.unit_goods_net) * line.quantity + line.service_fee - line.service_net
    net = listed - catalog - volume_discount - own - quote_discount
    cost = line.unit_cost * line.quantity + line.breakdown.margin.service_cost
    return LineTotals(
        key=line.key,
        product=line.product,
        quantity=line.quantity,
        list=listed,
        catalog_discount=catalog,
        volume_discount=volume_discount,
        line_discount=own,
        quote_discount=quote_discount,
        net=net,
        cost=cost,
        margin=net - cost,
        margin_percent=ratio_percent(net - cost, net),
        payment=_plan(line, net),
    )


def _plan(line: QuoteLine, net: int) -> PaymentPlan | None:
    """The line's payment plan (if its configuration chose one) recomputed on the line's net."""
    unit = line.breakdown.payment
    if unit is None:
        return None
    terms = PaymentTerms(
        instalments=unit.instalments, apr=unit.apr, fee=unit.fee, down_payment_percent=unit.down_payment_percent
    )
    return payment_plan(net, terms, attribute=unit.attribute, option=unit.option, label=unit.label)
