"""Erasure and export cover every table that holds a person: a walk over the whole schema finds no
trace of an erased customer, and a new table fails here until privacy says what it holds (on SQLite
and PostgreSQL)."""

from __future__ import annotations

import json
from contextlib import suppress
from typing import Any

from sqlalchemy import JSON, String, select
from sqlmodel import Session, SQLModel
from sqlmodel.sql.sqltypes import AutoString

from app.errors import TailorError
from app.keys import keyed_hash
from app.models import Interaction, Merge
from app.services.accounts.email_links import issue_token
from app.services.accounts.passwords import sign_in
from app.services.accounts.web_sessions import start_session
from app.services.configurator.saved import save_configuration
from app.services.customers.consent import record_consent
from app.services.customers.needs import Source, record_need
from app.services.customers.orders import Line, place_order
from app.services.customers.privacy import HOLDS, erase_customer, export_customer
from app.services.customers.records import Key, add_address, identify, identify_unverified
from app.services.notifications.outbox import queue_message
from tests.factories import account
from tests.services.customers.test_privacy import CATALOG

MARK = "zedmarker"
EMAIL = f"{MARK}@example.com"


def test_every_table_says_how_it_holds_a_person() -> None:
    tables = set(SQLModel.metadata.tables)
    assert tables - set(HOLDS) == set(), "a new table: say in privacy.HOLDS how it holds a person"
    assert set(HOLDS) - tables - {"alembic_version"} == set(), "privacy.HOLDS names a table that is gone"


def everyone_holds_the_marker(session: Session) -> int:
    """A person with the marker in every table that can hold a person; their id."""
    made = account(session, EMAIL, password="a long enough secret", name=f"Zed {MARK}")
    who = made.customer_id
    identify(session=session, keys=[Key("email", EMAIL), Key("phone", "+34 612 345 678")], source="shop")
    add_address(session=session, customer_id=who, street=f"Calle {MARK} 5", city="Madrid", postcode="28013")
    record_need(session=session, customer_id=who, kind="use", key="style", value=MARK, source=Source("shop"))
    record_consent(session=session, customer_id=who, channel="email", purpose="marketing", granted=True,
                   where="shop", text_shown="Offers by e-mail")  # fmt: skip
    save_configuration(session=session, catalog=CATALOG, product_id="jeans", choices={"waist": 33}, visitor="v" * 24,
                       customer_id=who, name=MARK)  # fmt: skip
    place_order(session=session, customer_id=who, lines=[Line("jeans", "1", "jeans", 9_900, 4_000, 1, {"note": MARK})],
                contact_email=EMAIL)  # fmt: skip
    session.add(Interaction(customer_id=who, channel="call_centre", summary=f"Called {MARK}", who=MARK,
                            links={"about": MARK}))  # fmt: skip
    twin = identify_unverified(session=session, keys=[Key("email", EMAIL)], source="web", name="Someone Else")
    session.add(Merge(survivor_id=who, merged_id=int(twin.customer.id or 0), merged_by=MARK, moved={"name": MARK}))
    start_session(session=session, kind="account", customer_id=who, account_id=made.id)
    issue_token(session=session, purpose="reset", email=EMAIL, address="198.51.100.7", customer_id=who)
    queue_message(session=session, to=EMAIL, subject=f"Hello {MARK}", text=MARK, kind="test", customer_id=who)
    session.commit()
    with suppress(TailorError):  # a wrong password is the point: it leaves a sign-in attempt
        sign_in(session=session, email=EMAIL, password="not the right one", address="198.51.100.7")
    return who


def traces(session: Session, *needles: str) -> list[str]:
    """Every (table, column) whose text or JSON holds one of the needles."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | JSON | AutoString)]
        for row in session.execute(select(*columns)).all() if columns else []:
            for column, value in zip(columns, row, strict=True):
                text = json.dumps(value) if not isinstance(value, str) else value
                if any(needle.lower() in (text or "").lower() for needle in needles):
                    found.append(f"{table.name}.{column.name}")
    return sorted(set(found))


def test_erasure_leaves_no_trace_in_any_table(session: Session) -> None:
    who = everyone_holds_the_marker(session)
    before = traces(session, MARK, keyed_hash("sign-in account", EMAIL))
    holding = {entry.split(".")[0] for entry in before}
    assert holding >= {
        "account",
        "customer",
        "identifier",
        "address",
        "need",
        "saved_configuration",
        "orders",
        "order_line",
        "interaction",
        "merge",
        "email_token",
        "outbox_message",
        "sign_in_attempt",
    }
    exported: dict[str, Any] = export_customer(session=session, customer_id=who)
    assert exported["account"][0]["email"] == EMAIL
    assert "password_hash" not in exported["account"][0]
    assert exported["sessions"]
    assert "token_hash" not in exported["sessions"][0]
    assert exported["emails"][0]["subject"] == f"Hello {MARK}"
    erase_customer(session=session, customer_id=who)
    session.expire_all()
    assert traces(session, MARK, "+34612345678", keyed_hash("sign-in account", EMAIL)) == []
