"""The errors quote arithmetic raises, each a message template with the values that fill it."""

from __future__ import annotations

from app.errors import ConflictError, TailorError


class QuoteError(TailorError):
    """A quote the arithmetic cannot take (a discount larger than the price, mixed currencies)."""


class DiscountTooLargeError(QuoteError):
    """A line discount would make the line's goods cost less than nothing; it is refused, not capped."""


class MixedCurrenciesError(QuoteError):
    """The lines of one quote are priced in different currencies."""


class ForbiddenTransitionError(ConflictError):
    """The quote's current status does not allow the status asked for."""
