"""The errors pricing raises: a selection it cannot price, with a message naming the culprit."""

from __future__ import annotations

from app.errors import NotFoundError, TailorError


class PricingError(TailorError):
    """A product, attribute, option or value that cannot be priced; `message` names it."""


class PricingNotFoundError(PricingError, NotFoundError):
    """The product to price does not exist in the catalog."""
