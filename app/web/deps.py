"""Request dependencies: the database session, who is on this browser, the customer context, the
checked form, the page's language and the published catalog asked for.

`load_visit` runs for every route (an app-wide dependency): it looks the browser's session up
once and keeps it on `request.state.visit`, so pages and templates ask "who is this?" without
another query. Routes are plain `def` functions (FastAPI runs them in its thread pool, never on
the event loop); only reading the form body (`CsrfForm`) is async.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session
from starlette.datastructures import FormData

from app.catalog import Catalog, Product
from app.catalog.configuration import Context
from app.db import get_session
from app.errors import ForbiddenError, RefusedError, TailorError
from app.models import Account, Customer
from app.services.accounts.web_sessions import find_session
from app.services.catalogs.shelf import published_catalog
from app.services.configurator.page import product_of
from app.services.context import customer_context
from app.services.customers.records import resolve
from app.services.quotes.approval_board import pending_count
from app.services.quotes.store import MANAGERS
from app.web.i18n import request_locale
from app.web.security import check_csrf, session_token

SessionDep = Annotated[Session, Depends(get_session)]
DbSession = SessionDep
MAX_FIELDS = 2000
"""Most fields one form may send (a many-of attribute repeats its field once per option)."""


@dataclass(frozen=True)
class Visit:
    """This browser's live session, copied out of the database row (so error pages can read it after a rollback)."""

    kind: str
    account_id: int | None
    customer_id: int
    role: str = "customer"


def load_visit(request: Request, session: SessionDep) -> None:
    """Find this browser's live session once per request (`request.state.visit`)."""
    found = find_session(session=session, token=session_token(request))
    if found is None:
        request.state.visit = None
        return
    account = session.get(Account, found.account_id) if found.kind == "account" and found.account_id else None
    role = account.role if account is not None else "customer"
    request.state.visit = Visit(found.kind, found.account_id, found.customer_id, role)
    if role in MANAGERS:  # the nav shows them how many approval requests wait (one indexed count)
        request.state.approvals_pending = pending_count(session=session)


def visit_of(request: Request) -> Visit | None:
    """This browser's live session, if any (sign-in or proven recognition)."""
    return getattr(request.state, "visit", None)


def signed_in_account(request: Request, session: Session) -> Account | None:
    """The account signed in on this browser, if any."""
    visit = visit_of(request)
    if visit is None or visit.kind != "account" or visit.account_id is None:
        return None
    return session.get(Account, visit.account_id)


def signed_in_customer(request: Request, session: Session) -> Customer | None:
    """The customer whose account is signed in on this browser, if any."""
    account = signed_in_account(request, session)
    return _live(session, account.customer_id) if account is not None else None


def known_customer(request: Request, session: Session) -> Customer | None:
    """The customer this browser stands for: signed in, or proven by a link sent to their e-mail."""
    visit = visit_of(request)
    return _live(session, visit.customer_id) if visit is not None else None


def _live(session: Session, customer_id: int) -> Customer | None:
    try:
        customer = resolve(session=session, customer_id=customer_id)
    except TailorError:
        return None
    return None if customer.erased_at is not None else customer


@dataclass(frozen=True)
class Shopper:
    """Who is configuring on this browser (None: an anonymous visitor) and the context they get."""

    customer: Customer | None
    context: Context


def shopper(request: Request, session: SessionDep) -> Shopper:
    """The known customer of this browser and their context on the web (the one function decides it)."""
    customer = known_customer(request, session)
    return Shopper(customer, customer_context(session=session, customer=customer, channel="web"))


ShopperDep = Annotated[Shopper, Depends(shopper)]


async def csrf_form(request: Request) -> FormData:
    """The posted form, once its CSRF token is checked (403 otherwise)."""
    form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    check_csrf(request, str(form.get("_csrf") or ""))
    return form


CsrfForm = Annotated[FormData, Depends(csrf_form)]
Locale = Annotated[str, Depends(request_locale)]


def catalog_in_the_address(session: SessionDep, catalog_id: str) -> Catalog:
    """The catalog in the address, as in force now (404 when there is none)."""
    return published_catalog(session=session, catalog_id=catalog_id)


PublishedCatalog = Annotated[Catalog, Depends(catalog_in_the_address)]


def published_product(catalog: PublishedCatalog, product_id: str) -> Product:
    """The product `product_id` of the published catalog in the address (404 when there is none)."""
    return product_of(catalog, product_id)


PublishedProduct = Annotated[Product, Depends(published_product)]


def current_account(request: Request, session: SessionDep) -> Account | None:
    """The account signed in on this browser, if any (a dependency)."""
    return signed_in_account(request, session)


CurrentAccount = Annotated[Account | None, Depends(current_account)]


def current_customer(request: Request, session: SessionDep) -> Customer | None:
    """The customer whose account is signed in on this browser, if any (a dependency)."""
    return signed_in_customer(request, session)


SignedInCustomer = Annotated[Customer | None, Depends(current_customer)]


def require_role(request: Request, session: Session, roles: tuple[str, ...]) -> Account:
    """The signed-in account when its role is one of `roles` (401 when nobody is signed in, else 403)."""
    account = signed_in_account(request, session)
    if account is None or _live(session, account.customer_id) is None:
        raise RefusedError("sign in to see this page")
    if account.role not in roles:
        raise ForbiddenError("your account may not see this page")
    return account


def _role(*roles: str):  # type: ignore[no-untyped-def]
    def dependency(request: Request, session: SessionDep) -> Account:
        return require_role(request, session, roles)

    return dependency


Rep = Annotated[Account, Depends(_role("rep", "sales_manager", "admin"))]
SalesManager = Annotated[Account, Depends(_role("sales_manager", "admin"))]
"""A sales manager or an admin: decides on discounts above a rep's authority."""
Admin = Annotated[Account, Depends(_role("admin"))]
CatalogManager = Annotated[Account, Depends(_role("catalog_manager", "admin"))]


def me(request: Request, session: SessionDep) -> tuple[Account, Customer] | None:
    """The signed-in account and its customer (None: nobody signed in, or the customer is erased)."""
    account = signed_in_account(request, session)
    customer = session.get(Customer, account.customer_id) if account is not None else None
    if account is None or customer is None or customer.erased_at is not None:
        return None
    return account, customer


Me = Annotated[tuple[Account, Customer] | None, Depends(me)]
