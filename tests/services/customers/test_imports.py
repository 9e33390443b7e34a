"""Importing customers from CSV (on SQLite and PostgreSQL): a column mapping, find-or-create per row,
bad rows reported with their line and never stopping the others."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from app.errors import TailorError
from app.services.customers.imports import import_rows, parse_mapping, read_csv


def test_a_mapping_names_columns_and_refuses_unknown_fields() -> None:
    assert parse_mapping(["email=Correo"])["email"] == "Correo"
    with pytest.raises(TailorError, match="is not FIELD=COLUMN"):
        parse_mapping(["email"])
    with pytest.raises(TailorError, match="unknown field 'shoe'"):
        parse_mapping(["shoe=Talla"])


def test_rows_are_found_or_created_and_bad_ones_reported(session: Session, tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text(
        "name,Correo,date_of_birth\n"
        "Ana Ruiz,ana@example.com,1990-04-02\n"
        "Ana R.,ANA@example.com,\n"
        "Nobody,,\n"
        "Eva Gil,eva@example.com,yesterday\n"
    )
    rows, missing = read_csv(csv, parse_mapping(["email=Correo"]))
    assert missing == []
    report = import_rows(session=session, rows=rows, source="shop")
    assert (report.created, report.matched) == (1, 1)
    assert [line for line, _ in report.rejected] == [4, 5]
