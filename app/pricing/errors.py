"""The one error pricing raises: a selection it cannot price, with a message naming the culprit."""

from __future__ import annotations

from app.errors import TailorError


class PricingError(TailorError):
    """A product, attribute, option or value that cannot be priced.

    `message` names the product, attribute or option at fault; `status_code` is the HTTP status a
    web layer should answer with (404 for an unknown product, 422 for a bad choice).
    """
