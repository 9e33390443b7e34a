"""The quote page's next-best offers: the customer's offers (as on the 360), each configured into this quote
on their behalf (`templates/reps/_next_best.html` links to the quote's configurator when `offer_quote` is set)."""

from __future__ import annotations

from typing import Any

from app.services.customers.next_best import next_best_offers


def next_best_panel(*, session: Any, quote: Any, priced: Any, me: Any) -> dict[str, Any]:
    """The keys the offers' partial reads on the quote page."""
    return {"next_best": next_best_offers(session=session, customer_id=int(quote.customer_id)), "offer_quote": quote}
