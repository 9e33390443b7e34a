"""A quote's totals: its lines, volume breaks across them, an optional quote discount, margin.

Order (see `app.quotes.lines` for one line): catalog rules, then volume breaks on the total
quantity of each product (`app.quotes.volume`), then each line's own discount, then the quote
discount: `percent` of the goods left on all lines together, rounded half-up to minor units once,
then shared among the lines in proportion to their goods left (`app.pricing.money.allocate`,
exact to the minor unit). Every total is the sum of the lines' (no separate rounding), so:
net = list − catalog − volume − line − quote discounts; margin = net − cost;
margin_percent = margin / net × 100 rounded half-up to 0.01 (None when net is 0).
All lines must be priced in one currency (`MixedCurrenciesError` otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from app.catalog.price_rules import Volume
from app.pricing.money import allocate, percent_of, ratio_percent
from app.quotes.errors import MixedCurrenciesError, QuoteError
from app.quotes.lines import LinePercent, LineTotals, QuoteLine, goods_after_catalog, line_discount_amount, line_totals
from app.quotes.volume import AppliedVolume, volume_discounts

MAX_LINES = 500
"""The most lines one quote may have."""


class Quote(BaseModel):
    """A quote's priced content on date `on` (the date its catalog rules are taken in force)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lines: tuple[QuoteLine, ...] = Field(min_length=1, max_length=MAX_LINES)
    discount_percent: LinePercent | None = None
    on: date
    volume_rules: Mapping[str, tuple[Volume, ...]] = Field(default_factory=dict)
    """Each product's `Volume` price rules from the catalog version the quote is priced on."""


class QuoteTotals(BaseModel):
    """A quote's money in minor units of `currency`, each discount named, and its lines' totals."""

    model_config = ConfigDict(frozen=True)

    currency: str
    lines: tuple[LineTotals, ...]
    volumes: tuple[AppliedVolume, ...]
    list: int
    catalog_discount: int
    volume_discount: int
    line_discount: int
    quote_discount: int
    net: int
    cost: int
    margin: int
    margin_percent: Decimal | None

    @property
    def discount(self) -> int:
        """Every discount together: list − net."""
        return self.catalog_discount + self.volume_discount + self.line_discount + self.quote_discount

    @property
    def before_rep(self) -> int:
        """What the catalog would charge: list − catalog and volume discounts (the base of the rep's discounts)."""
        return self.list - self.catalog_discount - self.volume_discount


def quote_currency(lines: Sequence[QuoteLine]) -> str:
    """The one currency of `lines`; raises `MixedCurrenciesError` naming the first line that differs."""
    currency = lines[0].currency
    for line in lines:
        if line.currency != currency:
            raise MixedCurrenciesError(
                "Line {line} is priced in {other}, the quote in {currency}.",
                line=line.key,
                other=line.currency,
                currency=currency,
            )
    return currency


def quote_totals(quote: Quote) -> QuoteTotals:
    """Price the whole quote; raises `QuoteError` subclasses for mixed currencies or too large discounts."""
    currency = quote_currency(quote.lines)
    keys = [line.key for line in quote.lines]
    if len(set(keys)) != len(keys):
        raise QuoteError("Two lines of the quote have the same key.")
    rules: Mapping[str, Sequence[Volume]] = quote.volume_rules
    volume, applied = volume_discounts(quote.lines, rules, quote.on)
    left = [
        goods_after_catalog(line) - off - line_discount_amount(line, goods_after_catalog(line) - off)
        for line, off in zip(quote.lines, volume, strict=True)
    ]
    whole = percent_of(sum(left), quote.discount_percent) if quote.discount_percent else 0
    shares = allocate(whole, left)
    lines = tuple(
        line_totals(line, volume_discount=off, quote_discount=share)
        for line, off, share in zip(quote.lines, volume, shares, strict=True)
    )
    net = sum(line.net for line in lines)
    cost = sum(line.cost for line in lines)
    return QuoteTotals(
        currency=currency,
        lines=lines,
        volumes=tuple(applied),
        list=sum(line.list for line in lines),
        catalog_discount=sum(line.catalog_discount for line in lines),
        volume_discount=sum(volume),
        line_discount=sum(line.line_discount for line in lines),
        quote_discount=whole,
        net=net,
        cost=cost,
        margin=net - cost,
        margin_percent=ratio_percent(net - cost, net),
    )
