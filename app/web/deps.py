"""Request dependencies: the database session, and the signed-in customer."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.db import get_session
from app.models import Customer
from app.services.accounts import customer_of
from app.web.security import session_account

SessionDep = Annotated[Session, Depends(get_session)]


def signed_in_customer(request: Request, session: Session) -> Customer | None:
    """The customer whose account is signed in on this browser, if any."""
    account_id = session_account(request)
    found = customer_of(session=session, account_id=account_id) if account_id is not None else None
    return found[1] if found else None
