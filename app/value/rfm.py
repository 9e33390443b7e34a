"""Recency, frequency and age per customer from their order dates, as BG/NBD takes them (in weeks).

Purchases on the same day count once. `frequency` is the number of repeat purchase days,
`recency` the weeks from the first to the last purchase day, `T` the weeks from the first
purchase day to `as_of`. Customers without orders get zeros and `has_orders` False.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

DAYS_PER_WEEK = 7.0


@dataclass(frozen=True)
class Rfm:
    """Per customer (in the order of `customers` given to `rfm`): frequency, recency, T, orders seen."""

    frequency: npt.NDArray[np.float64]
    recency: npt.NDArray[np.float64]
    T: npt.NDArray[np.float64]
    has_orders: npt.NDArray[np.bool_]


def positions(
    ids: npt.NDArray[np.int64], values: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Where each of `values` stands in the sorted `ids`, and whether it is there at all."""
    if not len(ids):
        return np.zeros(len(values), dtype=np.int64), np.zeros(len(values), dtype=np.bool_)
    position = np.searchsorted(ids, values)
    known = (position < len(ids)) & (ids[np.minimum(position, len(ids) - 1)] == values)
    return position, known


def rfm(
    customers: npt.NDArray[np.int64], buyers: npt.NDArray[np.int64], days: npt.NDArray[np.int64], as_of: date
) -> Rfm:
    """RFM of each of `customers`, from orders given as (buyer id, day number since 1970-01-01)."""
    position, known = positions(customers, buyers)
    position, days = position[known], days[known]
    pairs = np.unique(np.stack([position, days]), axis=1) if len(days) else np.zeros((2, 0), dtype=np.int64)
    who, when = pairs[0], pairs[1]
    count = np.bincount(who, minlength=len(customers)).astype(np.float64)
    first = np.full(len(customers), np.iinfo(np.int64).max)
    last = np.full(len(customers), np.iinfo(np.int64).min)
    np.minimum.at(first, who, when)
    np.maximum.at(last, who, when)
    has = count > 0
    today = (as_of - date(1970, 1, 1)).days
    recency = np.where(has, (last - first) / DAYS_PER_WEEK, 0.0)
    age = np.where(has, np.maximum(today - first, last - first) / DAYS_PER_WEEK, 0.0)
    return Rfm(np.maximum(count - 1, 0), recency, age, has)
