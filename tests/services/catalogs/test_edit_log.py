"""A version's edit log (SQLite and PostgreSQL): newest first, with the author's e-mail, paged, values shortened."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.errors import NotFoundError
from app.models import Account, Customer
from app.services.catalogs.edit_log import edit_log, shortened
from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft, edit_draft


def author(session: Session) -> int:
    customer = Customer(name="Cat Manager")
    session.add(customer)
    session.flush()
    account = Account(customer_id=customer.id or 0, email="cm@example.com", password_hash="x", role="catalog_manager")
    session.add(account)
    session.commit()
    return account.id or 0


def test_the_log_is_newest_first_with_authors_and_pages(session: Session) -> None:
    seed_catalogs(session=session)
    version = create_draft(session=session, catalog_id="jeans")
    account_id = author(session)
    for price in (9000, 9100, 9200):
        document = {**version.document, "products": [{**version.document["products"][0], "base_price": price}]}
        edit_draft(session=session, version_id=version.id or 0, document=document, author_id=account_id)
    page = edit_log(session=session, version_id=version.id or 0, page_size=2)
    assert (page.total, page.pages, page.page) == (3, 2, 1)
    assert [(row.path, row.old, row.new) for row in page.rows] == [
        ("products[jeans].base_price", "9100", "9200"),
        ("products[jeans].base_price", "9000", "9100"),
    ]
    assert page.rows[0].author == "cm@example.com"
    last = edit_log(session=session, version_id=version.id or 0, page=9, page_size=2)
    assert last.page == 2
    assert [row.new for row in last.rows] == ["9000"]


def test_an_unknown_version_has_no_log(session: Session) -> None:
    with pytest.raises(NotFoundError):
        edit_log(session=session, version_id=424242)


def test_values_are_shortened_for_a_glance() -> None:
    assert shortened(None) is None
    assert shortened('"Stone wash"') == "Stone wash"
    assert shortened("1200") == "1200"
    long = shortened('"' + "x" * 200 + '"', limit=10)
    assert long == "x" * 9 + "…"
    assert shortened('{"a": "' + "y" * 100, limit=10) == '{"a": "yy…'
