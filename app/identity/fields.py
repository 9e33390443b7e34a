"""Record fields as the linkage compares them: each known column's value normalised to text, or None
when it is missing or not valid (`app.identity.normalize`); dates of birth as YYYY-MM-DD."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

from app.identity.normalize import (
    IdentifierError,
    normalize_email,
    normalize_name,
    normalize_phone,
    normalize_postcode,
)

ISO_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def normalized(normalize: Callable[[str], str], value: Any) -> str | None:
    """`normalize(value)` as text, or None for a null, blank or invalid value."""
    if value is None or (not isinstance(value, str | date) and pd.isna(value)):
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a postcode or id read as a number
    try:
        text = normalize(str(value))
    except IdentifierError:
        return None
    return text or None


def iso_date(text: str) -> str:
    """`'19081209'` or `'1908-12-09'` -> `'1908-12-09'` (digits kept even if no such day); else ''."""
    found = ISO_DATE.fullmatch(text.strip())
    return "-".join(found.groups()) if found else ""


NORMALIZERS: dict[str, Callable[[str], str]] = {
    "given_name": normalize_name,
    "surname": normalize_name,
    "date_of_birth": iso_date,
    "street": normalize_name,
    "city": normalize_name,
    "postcode": normalize_postcode,
    "state": normalize_name,
    "email": normalize_email,
    "phone": normalize_phone,
    "soc_sec_id": lambda text: "".join(text.split()),
}
