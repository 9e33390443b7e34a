"""Import customers from CSV rows: a column mapping, find-or-create per row, a report of rejected rows.

Each row goes through `identify` like any touchpoint, so a row whose e-mail or phone is
already known updates that customer instead of creating a duplicate. Rows are committed one
by one: a bad row is reported with its line number and reason, and never stops the others.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session

from app.errors import TailorError
from app.services.customers.records import Key, add_address, identify

FIELDS = (
    "name", "given_name", "family_name", "kind", "email", "phone", "account", "loyalty",
    "date_of_birth", "street", "city", "postcode", "region", "country",
)  # fmt: skip
IDENTIFIERS = ("email", "phone", "account", "loyalty")


@dataclass
class ImportReport:
    """Counts, and the rejected rows as (line number, reason)."""

    created: int = 0
    matched: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    customer_ids: list[int] = field(default_factory=list)


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """`FIELD=COLUMN` pairs as a mapping (a field not given is read from the column of its own name)."""
    mapping = {name: name for name in FIELDS}
    for pair in pairs:
        target, equals, column = pair.partition("=")
        if not equals or not column:
            raise TailorError("column mapping '{pair}' is not FIELD=COLUMN", pair=pair)
        if target not in FIELDS:
            raise TailorError(
                "unknown field '{target}' in mapping '{pair}' (fields: {known})",
                target=target,
                pair=pair,
                known=", ".join(FIELDS),
            )
        mapping[target] = column
    return mapping


def read_csv(path: Path, mapping: dict[str, str]) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The file's rows as (line number, field -> text), and the mapped columns the header lacks."""
    with path.open(newline="", encoding="utf-8-sig") as stream:
        reader = csv.DictReader(stream)
        header = reader.fieldnames or []
        missing = [column for target, column in mapping.items() if column not in header and target != column]
        rows = []
        for row in reader:
            values = {target: (row.get(column) or "").strip() for target, column in mapping.items()}
            rows.append((reader.line_num, values))
    return rows, missing


def import_rows(
    *, session: Session, rows: Iterable[tuple[int, dict[str, str]]], source: str, region: str = "ES"
) -> ImportReport:
    """Find or create one customer per row; rejected rows are reported, never half written."""
    report = ImportReport()
    for line, row in rows:
        try:
            keys = [Key(kind, row[kind]) for kind in IDENTIFIERS if row.get(kind)]
            if not keys:
                raise TailorError("no identifier (email, phone, account or loyalty)")
            born = _date(row.get("date_of_birth", ""))
            name = row.get("name") or " ".join(p for p in (row.get("given_name"), row.get("family_name")) if p)
            found = identify(
                session=session,
                keys=keys,
                source=source,
                name=name or None,
                kind=row.get("kind") or "person",
                region=region,
            )
            customer = found.customer
            filled = False
            for attribute, value in (("given_name", row.get("given_name")), ("family_name", row.get("family_name"))):
                if value and getattr(customer, attribute) is None:
                    setattr(customer, attribute, value)
                    filled = True
            if born and customer.date_of_birth is None:
                customer.date_of_birth, filled = born, True
            if filled:
                session.commit()
            if row.get("street") and row.get("city") and found.created:
                add_address(
                    session=session,
                    customer_id=int(customer.id or 0),
                    street=row["street"],
                    city=row["city"],
                    postcode=row.get("postcode") or None,
                    region=row.get("region") or None,
                    country=row.get("country") or "ES",
                )
        except TailorError as error:
            session.rollback()
            report.rejected.append((line, error.message))
            continue
        report.created += found.created
        report.matched += not found.created
        report.customer_ids.append(int(customer.id or 0))
    return report


def _date(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise TailorError("date_of_birth '{text}' is not a date (write YYYY-MM-DD)", text=text) from error
