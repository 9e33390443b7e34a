"""A kept quote priced by the pure core (on SQLite and PostgreSQL): the same totals as the core computes from
the locked breakdowns, the product of each line from its own version, and an erased customer's quote says so."""

from __future__ import annotations

from sqlmodel import Session

from app.quotes.totals import quote_totals
from app.services.customers.privacy import erase_customer
from app.services.quotes.priced import core_quote, priced_quote, tier_of
from app.services.quotes.store import lines_of, quote_of
from tests.services.quotes.builders import quote_with_jeans, staff


def test_the_kept_quote_prices_as_the_core_does(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep, quantity=4)
    priced = priced_quote(session=session, quote=quote)
    rows = lines_of(session=session, quote_id=int(quote.id or 0))
    assert priced.totals == quote_totals(core_quote(quote, rows, priced.catalogs))
    assert priced.product_of(rows[0]).id == "jeans"
    assert priced.tier == tier_of(None) == "ordinary"
    assert priced.totals is not None
    assert priced.totals.volume_discount > 0, "four pairs reach the 10 % break"


def test_an_erased_customers_quote_cannot_be_priced(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep)
    erase_customer(session=session, customer_id=quote.customer_id)
    erased = quote_of(session=session, quote_id=int(quote.id or 0))
    assert erased.status == "expired"
    priced = priced_quote(session=session, quote=erased)
    assert priced.problem is not None
    assert priced.totals is None
