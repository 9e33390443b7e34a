"""The approval panel of the quote page, and the authority's reasons said in the reader's language.

A reason is kept as a template and its values (`app.quotes.authority.Reason`, or the same as JSON in
`QuoteApproval.limits`): the tier is translated, the percents formatted the way the locale writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_decimal

from app.errors import TailorError
from app.quotes.authority import Reason
from app.quotes.validity import Status
from app.services.quotes.approval_board import asked_of
from app.services.quotes.priced import PricedQuote
from app.services.quotes.store import may_change
from app.web.deps import SessionDep
from app.web.i18n import BABEL_LOCALE, gettext, say


def panel(*, session: SessionDep, quote: Any, priced: PricedQuote, me: Any) -> dict[str, Any]:
    """What `templates/reps/quotes/_approval.html` shows: the verdict's reasons, the requests so far, and
    whether `me` may ask for approval now (a draft above the authority that `me` may change)."""
    verdict = priced.verdict
    try:
        may_change(quote, me)
        allowed = True
    except TailorError:
        allowed = False
    needs = bool(verdict and verdict.needs_approval)
    return {
        "approval_verdict": list(verdict.reasons) if verdict else [],
        "approval_within": verdict is not None and not verdict.needs_approval,
        "approval_history": asked_of(session=session, quote=quote),
        "approval_can_ask": allowed and needs and quote.status == Status.DRAFT,
        "approval_waiting": quote.status == Status.PENDING_APPROVAL,
    }


def limit_text(locale: str, limit: Reason | Mapping[str, Any]) -> str:
    """One passed limit in words, in `locale`."""
    if isinstance(limit, Reason):
        template, values = limit.template, dict(limit.values)
    else:
        template, values = str(limit.get("template") or ""), dict(limit.get("values") or {})
    words = {
        name: gettext(locale, str(value).replace("_", " ")) if name == "tier" else percent(value, locale)
        for name, value in values.items()
    }
    try:
        return say(locale, template, **words)
    except (KeyError, IndexError, ValueError):
        return template


def percent(value: object, locale: str = "en") -> str:
    """A percent (a `Decimal` or its text) the way `locale` writes numbers: 12.5 / 12,5 (as given when not a number)."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    return str(format_decimal(number, format="#,##0.##", locale=BABEL_LOCALE.get(locale, locale)))
