"""Discount authority: how far a rep may go on her own, by the customer's value tier.

A policy gives each value tier (`app.value.tiers.TIERS`) a maximum discount percent and a margin
floor percent for the role `rep`. The rep's discount percent is her own discounts (line + quote)
over what the catalog would charge (list − catalog and volume discounts; those are the catalog's,
not hers), × 100, rounded half-up to 0.01. The margin percent is the quote's (margin / net).
Above the maximum, or below the floor, a sales manager must approve; each reason says which limit
and by how many percentage points, as a message template and its values, so a page can translate it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.pricing.money import ratio_percent
from app.quotes.totals import QuoteTotals
from app.value.tiers import TIERS

Tier = Literal["retain", "grow", "ordinary", "below_zero"]
"""A customer's value tier, as `app.value.tiers` assigns it."""

PolicyPercent = Annotated[Decimal, Field(ge=-100, le=100, decimal_places=2)]
DiscountLimit = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)]

DISCOUNT_ABOVE = (
    "A discount of {percent}% is above the {limit}% a rep may give a customer of tier {tier}, by {over} points."
)
MARGIN_BELOW = "A margin of {percent}% is below the {floor}% floor for a customer of tier {tier}, by {under} points."
NO_REVENUE = "The quote brings no revenue; a margin floor of {floor}% cannot be met for a customer of tier {tier}."


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TierLimits(_Frozen):
    """One tier's limits: the most discount a rep may give and the least margin she may keep."""

    max_discount_percent: DiscountLimit
    margin_floor_percent: PolicyPercent


class AuthorityPolicy(_Frozen):
    """The limits for one role, for every value tier."""

    role: Literal["rep"] = "rep"
    tiers: dict[Tier, TierLimits]

    @model_validator(mode="after")
    def _every_tier(self) -> AuthorityPolicy:
        missing = [tier for tier in TIERS if tier not in self.tiers]
        if missing:
            raise ValueError(f"limits missing for tiers: {', '.join(missing)}")
        return self


class Reason(_Frozen):
    """Why approval is needed: which `limit` was passed, in words (`template` filled with `values`)."""

    limit: Literal["discount", "margin"]
    template: str
    values: dict[str, str | Decimal]
    """`tier` is a tier id (translate it); the percents are `Decimal` (format them in the reader's locale)."""

    @property
    def message(self) -> str:
        return self.template.format(**self.values)


class Verdict(_Frozen):
    """Whether a sales manager must approve the quote, and every reason (empty when not)."""

    needs_approval: bool
    discount_percent: Decimal
    margin_percent: Decimal | None
    reasons: tuple[Reason, ...] = ()


def rep_discount_percent(totals: QuoteTotals) -> Decimal:
    """The rep's own discounts (line + quote) as a percent of what the catalog would charge."""
    own = totals.line_discount + totals.quote_discount
    return ratio_percent(own, totals.before_rep) or Decimal("0.00")


def needs_approval(policy: AuthorityPolicy, tier: Tier, totals: QuoteTotals) -> Verdict:
    """The verdict on `totals` for a customer of `tier` under `policy`."""
    limits = policy.tiers[tier]
    discount = rep_discount_percent(totals)
    reasons = []
    if discount > limits.max_discount_percent:
        values = {
            "percent": discount,
            "limit": limits.max_discount_percent,
            "over": discount - limits.max_discount_percent,
        }
        reasons.append(_reason("discount", DISCOUNT_ABOVE, tier, values))
    floor = limits.margin_floor_percent
    if totals.margin_percent is None:
        if totals.cost > 0 or floor > 0:
            reasons.append(_reason("margin", NO_REVENUE, tier, {"floor": floor}))
    elif totals.margin_percent < floor:
        values = {"percent": totals.margin_percent, "floor": floor, "under": floor - totals.margin_percent}
        reasons.append(_reason("margin", MARGIN_BELOW, tier, values))
    return Verdict(
        needs_approval=bool(reasons),
        discount_percent=discount,
        margin_percent=totals.margin_percent,
        reasons=tuple(reasons),
    )


def _reason(limit: Literal["discount", "margin"], template: str, tier: Tier, values: dict[str, Decimal]) -> Reason:
    return Reason(limit=limit, template=template, values={"tier": tier, **values})
