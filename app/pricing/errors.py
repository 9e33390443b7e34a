"""The one error pricing raises: a selection it cannot price, with a message naming the culprit."""

from __future__ import annotations


class PricingError(Exception):
    """A product, attribute, option or value that cannot be priced.

    `message` names the product, attribute or option at fault; `status_code` is the HTTP status a
    web layer should answer with (404 for an unknown product, 422 for a bad choice).
    """

    def __init__(self, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
