"""Keeping quotes (on SQLite and PostgreSQL): lines priced on behalf of the customer and locked, changes
checked and versioned, only the owner or a manager changes a quote, approvals asked again after a change."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.errors import ConflictError, ForbiddenError, NotFoundError, TailorError
from app.services.quotes.priced import priced_quote
from app.services.quotes.store import change_line, change_terms, lines_of, quote_of, remove_line
from tests.factories import complete_jeans
from tests.services.quotes.builders import add, quote_with_jeans, staff


def test_a_line_is_priced_for_the_customer_and_volume_breaks_count_every_line(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep, quantity=1)
    add(session, quote, rep, complete_jeans(), quantity=1)
    lines = lines_of(session=session, quote_id=int(quote.id or 0))
    assert [line.quantity for line in lines] == [1, 1]
    assert lines[0].catalog_hash
    assert lines[0].breakdown["quantity"] == 1
    priced = priced_quote(session=session, quote=quote_of(session=session, quote_id=int(quote.id or 0)))
    assert priced.totals is not None
    assert [v.rule for v in priced.totals.volumes] == ["more_pairs"]  # two pairs over two lines reach the break
    unit = lines[0].breakdown["total"]
    assert priced.totals.net == 2 * unit - priced.totals.volume_discount
    assert quote_of(session=session, quote_id=int(quote.id or 0)).net_minor == priced.totals.net


def test_changes_are_checked_at_their_field_and_refused_from_a_stale_copy(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep)
    key = lines_of(session=session, quote_id=int(quote.id or 0))[0].key
    qid, seen = int(quote.id or 0), quote.version
    for quantity, message in (("0", "quantity: between 1"), ("two", "quantity: 'two' is not a whole number")):
        with pytest.raises(TailorError, match=message):
            change_line(session=session, quote_id=qid, version=quote.version, actor=rep, key=key, quantity=quantity)
    with pytest.raises(TailorError, match="discount: a percent above 0"):
        change_line(session=session, quote_id=qid, version=quote.version, actor=rep, key=key, quantity="2",
                    discount_percent="150")  # fmt: skip
    with pytest.raises(TailorError, match="discount: give a percent or an amount per unit, not both"):
        change_line(session=session, quote_id=qid, version=quote.version, actor=rep, key=key, quantity="2",
                    discount_percent="5", discount_per_unit="100")  # fmt: skip
    change_line(session=session, quote_id=qid, version=seen, actor=rep, key=key, quantity="3",
                discount_percent="5")  # fmt: skip
    with pytest.raises(ConflictError, match="changed meanwhile"):
        change_line(session=session, quote_id=qid, version=seen, actor=rep, key=key, quantity="4")
    fresh = quote_of(session=session, quote_id=qid)
    assert fresh.version == seen + 1
    assert lines_of(session=session, quote_id=qid)[0].quantity == 3
    assert lines_of(session=session, quote_id=qid)[0].discount_percent == "5", "a whole percent is written as typed"
    with pytest.raises(TailorError, match="valid until: '31/12' is not a date"):
        change_terms(session=session, quote_id=qid, version=fresh.version, actor=rep, discount_percent="",
                     valid_until="31/12", terms="")  # fmt: skip
    with pytest.raises(NotFoundError):
        remove_line(session=session, quote_id=qid, version=fresh.version, actor=rep, key="nope")
    remove_line(session=session, quote_id=qid, version=fresh.version, actor=rep, key=key)
    assert lines_of(session=session, quote_id=qid) == []


def test_only_the_owner_or_a_manager_changes_a_quote(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    other = staff(session, "otto@example.com", "rep")
    boss = staff(session, "mara@example.com", "sales_manager")
    quote = quote_with_jeans(session, rep)
    with pytest.raises(ForbiddenError):
        add(session, quote, other, complete_jeans())
    add(session, quote, boss, complete_jeans())
    assert len(lines_of(session=session, quote_id=int(quote.id or 0))) == 2
