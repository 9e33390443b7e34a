"""The quote page's revisions and recheck partials: what they show (keys `revision_*` and `recheck_*`),
laid out by `app.services.quotes.compare`; the side-by-side comparison of two revisions."""

from __future__ import annotations

from typing import Any

from app.services.quotes.compare import Comparison, comparison, panel_data
from app.services.quotes.priced import PricedQuote

__all__ = ["Comparison", "comparison", "panel"]


def panel(*, session: Any, quote: Any, priced: PricedQuote, me: Any, locale: str = "en") -> dict[str, Any]:
    """The revision list (`revision_list`, `revision_may_revise`, `revision_previous`) and the flag of a newer
    catalog version (`recheck_flagged`, `recheck_lines(locale)`, `recheck_number`, `recheck_checked_at`,
    `recheck_may_requote`, `recheck_broken`) for the quote page's partials; `me` is the signed-in rep."""
    return panel_data(session=session, quote=quote, priced=priced, me=me, locale=locale)
