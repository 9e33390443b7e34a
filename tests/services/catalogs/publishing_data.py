"""Test data for publishing: two catalog managers and a jeans draft with another price."""

from __future__ import annotations

from sqlmodel import Session

from app.models import Account, Customer
from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft, edit_draft


def managers(session: Session) -> tuple[int, int]:
    """The ids of two catalog managers' accounts."""
    ids = []
    for email in ("first@example.com", "second@example.com"):
        person = Customer(name=email)
        session.add(person)
        session.flush()
        account = Account(customer_id=person.id or 0, email=email, password_hash="x", role="catalog_manager")
        session.add(account)
        session.flush()
        ids.append(account.id or 0)
    session.commit()
    return ids[0], ids[1]


def jeans_draft(session: Session, base_price: int = 9999) -> int:
    """A new jeans draft whose first product costs `base_price`."""
    seed_catalogs(session=session)
    draft = create_draft(session=session, catalog_id="jeans")
    document = dict(draft.document)
    document["products"] = [dict(product) for product in document["products"]]
    document["products"][0]["base_price"] = base_price
    return edit_draft(session=session, version_id=draft.id or 0, document=document).id or 0
