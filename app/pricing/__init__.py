"""Pricing (pure core): a selection's price line by line, discounts, service fee, margin, payment plan.

It imports no web or database code; see `app.pricing.calculate` for the order of application.
"""

from app.pricing.breakdown import (
    AppliedPriceRule,
    Instalment,
    Margin,
    PaymentPlan,
    PriceBreakdown,
    PriceLine,
    ServiceFee,
)
from app.pricing.calculate import price
from app.pricing.errors import PricingError

__all__ = [
    "AppliedPriceRule",
    "Instalment",
    "Margin",
    "PaymentPlan",
    "PriceBreakdown",
    "PriceLine",
    "PricingError",
    "ServiceFee",
    "price",
]
