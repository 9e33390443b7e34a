"""The sending part of a rep's quote page (`templates/reps/quotes/_send.html`): whether the quote may be sent now,
its PDF, how its e-mail went, and the order once the customer accepted."""

from __future__ import annotations

from typing import Any

from app.services.quotes.priced import PricedQuote
from app.services.quotes.sending import mail_status
from app.services.quotes.store import MANAGERS
from app.web.deps import SessionDep

SENDABLE = ("draft", "approved")


def panel(*, session: SessionDep, quote: Any, priced: PricedQuote, me: Any) -> dict[str, Any]:
    """The `send_*` keys of the partial (`quote` a Quote row, `me` the signed-in Account)."""
    may_change = me.role in MANAGERS or quote.owner_id == me.id
    waits = quote.status == "draft" and priced.verdict is not None and priced.verdict.needs_approval
    ready = quote.status in SENDABLE and priced.totals is not None and priced.problem is None and not waits
    return {
        "send_may": may_change and ready,
        "send_needs_approval": waits,
        "send_pdf": priced.totals is not None and priced.problem is None,
        "send_mail": mail_status(session=session, quote=quote),
        "send_sent_at": quote.sent_at,
        "send_status": quote.status,
        "send_order_id": quote.order_id,
    }
