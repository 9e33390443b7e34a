"""Volume breaks across a quote: a product's break is reached by the TOTAL quantity of its lines.

The rules are the catalog's `Volume` price rules (`app.catalog.price_rules`), in force on the
quote's date, in document order; each takes its percent off what the rules before it left. A rule
covers the goods lines its `targets` name (all goods lines without `targets`; never the service
fee). The break is chosen as pricing chooses it (`app.pricing.rules.rule_offer`); it applies from
`min_quantity` on, that quantity included. Each line's discount is its covered amount × percent,
rounded half-up to minor units, so rounding is at most half a minor unit per line and rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from app.catalog.configuration import Context
from app.catalog.model import Catalog
from app.catalog.price_rules import Volume
from app.pricing.money import allocate, percent_of
from app.pricing.rules import rule_offer
from app.quotes.lines import QuoteLine


class AppliedVolume(BaseModel):
    """A volume rule that took something off: its product, the quantity that reached it, its percent."""

    model_config = ConfigDict(frozen=True)

    product: str
    rule: str
    quantity: int
    percent: Decimal
    discount: int


def volume_rules_of(catalog: Catalog) -> dict[str, tuple[Volume, ...]]:
    """Each product's `Volume` price rules in document order (the quote's `volume_rules`)."""
    return {
        product.id: tuple(rule for rule in product.price_rules if isinstance(rule, Volume))
        for product in catalog.products
    }


def product_quantities(lines: Sequence[QuoteLine]) -> dict[str, int]:
    """The total quantity of each product over the quote's lines."""
    totals: dict[str, int] = {}
    for line in lines:
        totals[line.product] = totals.get(line.product, 0) + line.quantity
    return totals


def volume_discounts(
    lines: Sequence[QuoteLine], rules: Mapping[str, Sequence[Volume]], on: date
) -> tuple[list[int], list[AppliedVolume]]:
    """Each line's volume discount (minor units, in line order) and the rules that applied."""
    quantities = product_quantities(lines)
    buckets = [[item.net_amount * line.quantity for item in line.breakdown.lines] for line in lines]
    discounts = [0] * len(lines)
    applied = []
    for product, product_rules in rules.items():
        for rule in product_rules:
            offer = rule_offer(rule, choices={}, context=Context(on=on), quantity=quantities.get(product, 0))
            if offer is None or offer.percent is None:
                continue
            taken = 0
            for index, line in enumerate(lines):
                if line.product == product:
                    share = _take(line, buckets[index], rule.targets, offer.percent)
                    discounts[index] += share
                    taken += share
            if taken > 0:
                volume = AppliedVolume(
                    product=product, rule=rule.id, quantity=quantities[product], percent=offer.percent, discount=taken
                )
                applied.append(volume)
    return discounts, applied


def _take(line: QuoteLine, left: list[int], targets: list[str] | None, percent: Decimal) -> int:
    """Take `percent` off the goods lines `targets` covers, lowering `left`; the minor units taken."""
    covered = [i for i, item in enumerate(line.breakdown.lines) if targets is None or item.attribute in targets]
    discount = percent_of(sum(left[i] for i in covered), percent)
    for i, share in zip(covered, allocate(discount, [left[i] for i in covered]), strict=True):
        left[i] -= share
    return discount
