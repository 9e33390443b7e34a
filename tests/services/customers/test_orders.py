"""Orders (on SQLite and PostgreSQL): lines checked, returns counted, an order read back with its lines."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.errors import NotFoundError, TailorError
from app.services.customers.orders import Line, order_with_lines, place_order, return_line
from tests.factories import customer

JEANS = Line("jeans", "1", "jeans", price_minor=9_900, cost_minor=4_000, choices={"waist": 32})


def test_an_order_is_read_back_with_its_lines(session: Session) -> None:
    order = place_order(session=session, customer_id=customer(session), lines=[JEANS, JEANS])
    found = order_with_lines(session=session, order_id=int(order.id or 0))
    assert found is not None
    assert len(found[1]) == 2
    assert order_with_lines(session=session, order_id=10**9) is None


def test_bad_lines_are_refused(session: Session) -> None:
    who = customer(session)
    with pytest.raises(TailorError, match="quantity must be at least 1"):
        place_order(session=session, customer_id=who, lines=[Line("jeans", "1", "jeans", 100, 50, quantity=0)])
    with pytest.raises(TailorError, match="cannot be negative"):
        place_order(session=session, customer_id=who, lines=[Line("jeans", "1", "jeans", -1, 0)])


def test_a_return_is_counted_and_an_unknown_line_is_not_found(session: Session) -> None:
    order = place_order(session=session, customer_id=customer(session), lines=[JEANS])
    _, lines = order_with_lines(session=session, order_id=int(order.id or 0)) or (None, [])
    return_line(session=session, line_id=int(lines[0].id or 0), quantity=1)
    with pytest.raises(NotFoundError, match="no order line"):
        return_line(session=session, line_id=10**9, quantity=1)
