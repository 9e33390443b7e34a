"""Request dependencies: the database session, the published catalog asked for, the signed-in customer."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.catalog import Catalog
from app.config import get_settings
from app.db import get_session
from app.errors import TailorError
from app.models import Account, Customer
from app.services.accounts import customer_of
from app.services.catalogs import cached_shelf
from app.services.customers import resolve
from app.web.security import recognised_id, session_account

SessionDep = Annotated[Session, Depends(get_session)]


def published_catalog(catalog_id: str) -> Catalog:
    """The published catalog `catalog_id` (404 when there is none)."""
    catalog = next((c for c in cached_shelf(get_settings().catalog_dir).catalogs if c.id == catalog_id), None)
    if catalog is None:
        raise TailorError("there is no catalog '{catalog}'", 404, catalog=catalog_id)
    return catalog


def signed_in_customer(request: Request, session: Session) -> Customer | None:
    """The customer whose account is signed in on this browser, if any."""
    account_id = session_account(request)
    found = customer_of(session=session, account_id=account_id) if account_id is not None else None
    return found[1] if found else None


def recognised_customer(request: Request, session: Session) -> Customer | None:
    """The customer recognised on this browser by e-mail or loyalty card and postcode, if any."""
    customer_id = recognised_id(request)
    if customer_id is None:
        return None
    try:
        customer = resolve(session=session, customer_id=customer_id)
    except TailorError:
        return None
    return None if customer.erased_at is not None else customer


def known_customer(request: Request, session: Session) -> Customer | None:
    """The signed-in customer, else the one recognised on this browser."""
    return signed_in_customer(request, session) or recognised_customer(request, session)


def require_role(request: Request, session: Session, roles: tuple[str, ...]) -> Account:
    """The signed-in account when its role is one of `roles` (401 when nobody is signed in, else 403)."""
    account_id = session_account(request)
    found = customer_of(session=session, account_id=account_id) if account_id is not None else None
    if found is None:
        raise TailorError("sign in to see this page", 401)
    if found[0].role not in roles:
        raise TailorError("your account may not see this page", 403)
    return found[0]
