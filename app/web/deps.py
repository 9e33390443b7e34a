"""Request dependencies: the database session, the published catalog asked for, the signed-in customer."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.catalog import Catalog
from app.config import get_settings
from app.db import get_session
from app.errors import TailorError
from app.models import Customer
from app.services.accounts import customer_of
from app.services.catalogs import cached_shelf
from app.web.security import session_account

SessionDep = Annotated[Session, Depends(get_session)]


def published_catalog(catalog_id: str) -> Catalog:
    """The published catalog `catalog_id` (404 when there is none)."""
    catalog = next((c for c in cached_shelf(get_settings().catalog_dir).catalogs if c.id == catalog_id), None)
    if catalog is None:
        raise TailorError(f"there is no catalog '{catalog_id}'", 404)
    return catalog


def signed_in_customer(request: Request, session: Session) -> Customer | None:
    """The customer whose account is signed in on this browser, if any."""
    account_id = session_account(request)
    found = customer_of(session=session, account_id=account_id) if account_id is not None else None
    return found[1] if found else None
