"""Price rules: the catalog's discounts, applied one after the other in document order.

Each rule in force on the context date that applies to this selection takes its discount off
the amounts it covers, as left by the rules before it:
- without `targets`, every goods line (not the service fee);
- with `targets`, the goods lines of those attributes, and the service fee when the service
  attribute is among them.
A percent discount is `base` × percent / 100 rounded half-up to minor units; an amount is
taken off once per order and capped at `base`, so nothing goes negative. The discount is then
shared among the covered amounts in proportion to them (`money.allocate`), exactly to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.catalog.configuration import Context
from app.catalog.evaluate import Choices, condition_holds
from app.catalog.price_rules import PriceRule, Promotion, TierDiscount
from app.pricing.breakdown import AppliedPriceRule
from app.pricing.money import allocate, percent_of


@dataclass
class Bucket:
    """An amount price rules can discount, in minor units: one goods line or the service fee."""

    attribute: str | None
    service: bool
    remaining: int


@dataclass(frozen=True)
class Offer:
    """What an applicable rule takes off: a percent, or an amount in minor units."""

    percent: Decimal | None = None
    amount: int | None = None


def apply_price_rules(
    rules: list[PriceRule], buckets: list[Bucket], *, choices: Choices, context: Context, quantity: int
) -> list[AppliedPriceRule]:
    """Apply `rules` to `buckets` in order, lowering their `remaining`; the rules that took something off."""
    applied = []
    for rule in rules:
        offer = rule_offer(rule, choices=choices, context=context, quantity=quantity)
        if offer is None:
            continue
        covered = [bucket for bucket in buckets if _covers(rule, bucket)]
        base = sum(bucket.remaining for bucket in covered)
        discount = _discount(offer, base)
        if discount <= 0:
            continue
        for bucket, share in zip(covered, allocate(discount, [b.remaining for b in covered]), strict=True):
            bucket.remaining -= share
        applied.append(
            AppliedPriceRule(
                id=rule.id,
                kind=rule.kind,
                label=rule.label,
                targets=rule.targets,
                percent=offer.percent,
                base=base,
                discount=discount,
            )
        )
    return applied


def rule_offer(rule: PriceRule, *, choices: Choices, context: Context, quantity: int) -> Offer | None:
    """What `rule` offers this selection, or None when it is not in force or does not apply."""
    if not rule.in_force(context.on):
        return None
    if isinstance(rule, TierDiscount):
        value = context.values.get(rule.context)
        if value is None or value not in rule.discounts:
            return None
        return Offer(percent=rule.discounts[value])
    if isinstance(rule, Promotion):
        if rule.when is not None and not condition_holds(rule.when, choices, context.values):
            return None
        return Offer(percent=rule.percent, amount=rule.amount)
    reached = [volume_break.percent for volume_break in rule.breaks if quantity >= volume_break.min_quantity]
    return Offer(percent=reached[-1]) if reached else None


def _covers(rule: PriceRule, bucket: Bucket) -> bool:
    if rule.targets is None:
        return not bucket.service
    return bucket.attribute in rule.targets


def _discount(offer: Offer, base: int) -> int:
    if base <= 0:
        return 0
    if offer.percent is not None:
        return percent_of(base, offer.percent)
    assert offer.amount is not None
    return min(offer.amount, base)
