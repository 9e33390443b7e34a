"""Every message the quote core can give is translated into Spanish and Portuguese, with the same places."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from app.errors import TailorError
from app.i18n import said
from app.quotes.authority import DISCOUNT_ABOVE, MARGIN_BELOW, NO_REVENUE
from app.quotes.lines import line_totals
from app.quotes.totals import Quote, quote_totals
from app.quotes.validity import Status, after_change, move
from tests.quotes.builders import ON, line, unit


def _raises(call: Callable[[], object]) -> TailorError:
    with pytest.raises(TailorError) as raised:
        call()
    return raised.value


ERRORS = {
    "too large": lambda: line_totals(line("a", unit(100), 1, per_unit=101)),
    "currencies": lambda: quote_totals(Quote(lines=(line("a", unit(1)), line("b", unit(1, currency="USD"))), on=ON)),
    "same key": lambda: quote_totals(Quote(lines=(line("a", unit(1)), line("a", unit(1))), on=ON)),
    "transition": lambda: move(Status.SENT, Status.DRAFT),
    "sent": lambda: after_change(Status.SENT, needs_approval=False),
}


@pytest.mark.parametrize("locale", ["es", "pt"])
@pytest.mark.parametrize("name", list(ERRORS))
def test_every_error_is_translated(locale: str, name: str) -> None:
    error = _raises(ERRORS[name])
    assert said(locale, error) != error.message


@pytest.mark.parametrize("locale", ["es", "pt"])
@pytest.mark.parametrize("template", [DISCOUNT_ABOVE, MARGIN_BELOW, NO_REVENUE])
def test_every_reason_is_translated_with_the_same_places(locale: str, template: str) -> None:
    error = TailorError(template, percent=Decimal(1), limit=0, over=1, floor=2, under=1, tier="grow")
    translated = said(locale, error)
    assert translated != error.message
    assert "{" not in translated
    assert re.findall(r"\{(\w+)\}", template)
