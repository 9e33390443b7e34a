"""RFM from orders, checked against a plain-Python count per customer; positions of ids in a sorted list."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from app.value.rfm import DAYS_PER_WEEK, positions, rfm

EPOCH = date(1970, 1, 1)
AS_OF = date(2026, 6, 1)


def test_positions_find_known_ids_and_flag_unknown_ones() -> None:
    ids = np.array([3, 7, 9], dtype=np.int64)
    where, known = positions(ids, np.array([9, 4, 3, 10, 7], dtype=np.int64))
    assert known.tolist() == [True, False, True, False, True]
    assert where[known].tolist() == [2, 0, 1]
    none, unknown = positions(np.array([], dtype=np.int64), np.array([1, 2], dtype=np.int64))
    assert unknown.tolist() == [False, False]
    assert len(none) == 2


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 400)), max_size=40))
def test_rfm_is_a_plain_count_of_distinct_order_days(orders: list[tuple[int, int]]) -> None:
    customers = np.array([1, 2, 3, 5], dtype=np.int64)  # buyers 0, 4 and 6 are unknown: ignored
    start = (AS_OF - EPOCH).days - 400
    buyers = np.array([who for who, _ in orders], dtype=np.int64)
    days = np.array([start + day for _, day in orders], dtype=np.int64)
    found = rfm(customers, buyers, days, AS_OF)
    for index, customer in enumerate(customers.tolist()):
        mine = sorted({start + day for who, day in orders if who == customer})
        assert found.has_orders[index] == bool(mine)
        if not mine:
            assert (found.frequency[index], found.recency[index], found.T[index]) == (0, 0, 0)
            continue
        first, last = EPOCH + timedelta(days=mine[0]), EPOCH + timedelta(days=mine[-1])
        assert found.frequency[index] == len(mine) - 1  # repeat purchases: days after the first
        assert found.recency[index] == (last - first).days / DAYS_PER_WEEK
        assert found.T[index] == (AS_OF - first).days / DAYS_PER_WEEK
