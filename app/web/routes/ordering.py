"""Order it: the order page of a complete configuration, the order itself (POST, CSRF, idempotency
key), its confirmation, and the quote request.

The order page and the order use the same customer context as the configurator (`ShopperDep`),
so the price shown is the price charged. A known customer orders as themselves; a visitor's
e-mail never writes into an existing customer's record (`services.ordering`).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from app.catalog import Catalog, Product
from app.catalog.configuration import Choice
from app.errors import NotFoundError, TailorError
from app.keys import keyed_hash
from app.services.configurator.checkout import order_configured, receipt_of
from app.services.configurator.page import configure
from app.services.idempotency import checked_key, new_key
from app.services.quotes.requests import MESSAGE_LENGTH, request_quote
from app.web.deps import CsrfForm, Locale, PublishedCatalog, PublishedProduct, SessionDep, Shopper, ShopperDep
from app.web.errors import status_of
from app.web.forms import posted_choices, query_of
from app.web.i18n import said
from app.web.pages import render
from app.web.security import csrf_token, remember_visitor, visitor_or_new, visitor_token

router = APIRouter(include_in_schema=False)
NAME_LENGTH, EMAIL_LENGTH = 200, 254
OrderId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def receipt_key(order_id: int) -> str:
    """The key in a confirmation link: only who placed the order gets it."""
    return keyed_hash("order", str(order_id))[:24]


def _page(
    request: Request, catalog: Catalog, product_id: str, shopper: Shopper, locale: str, items: list[tuple[str, str]],
    *, status: int = 200, problem: str | None = None, form: FormData | None = None,
) -> Response:  # fmt: skip
    """The order page: the configuration priced in the customer's context, and who it is for."""
    visitor = visitor_or_new(request)
    context = {"state": configure(catalog, product_id, items, shopper.context, locale), "locale": locale,
               "csrf": csrf_token(request, visitor), "query_of": query_of, "problem": problem,
               "customer": shopper.customer, "key": str(form.get("_key")) if form else new_key(),
               "name": form.get("_name") if form else None, "email": form.get("_email") if form else None,
               "message": form.get("_message") if form else None, "limits": _limits()}  # fmt: skip
    response = render(request, "order.html", context, status_code=status)
    remember_visitor(request, response, visitor)
    return response


def _limits() -> dict[str, int]:
    return {"name": NAME_LENGTH, "email": EMAIL_LENGTH, "message": MESSAGE_LENGTH}


def _who(form: FormData) -> tuple[str, str]:
    """The name and e-mail typed (422 naming the field when too long)."""
    name, email = str(form.get("_name") or ""), str(form.get("_email") or "")
    if len(name) > NAME_LENGTH:
        raise TailorError("name: at most {count} characters", count=NAME_LENGTH)
    if len(email) > EMAIL_LENGTH:
        raise TailorError("e-mail: at most {count} characters", count=EMAIL_LENGTH)
    return name, email


def _key_of(request: Request, form: FormData) -> str:
    """The form's idempotency key, bound to this visitor (another browser's retry is another order)."""
    key = checked_key(str(form.get("_key") or ""))
    return keyed_hash("idempotency", f"{visitor_token(request) or ''}:{key}")[:48]


@router.get("/configure/{catalog_id}/{product_id}/order", name="order_page", response_class=HTMLResponse)
def order_page(
    request: Request, catalog: PublishedCatalog, product_id: str, shopper: ShopperDep, locale: Locale
) -> Response:
    """The configuration to order, its price, and who it is for."""
    return _page(request, catalog, product_id, shopper, locale, request.query_params.multi_items())


@router.post("/configure/{catalog_id}/{product_id}/order", name="place_order")
def place(
    request: Request, catalog: PublishedCatalog, product_id: str, session: SessionDep, shopper: ShopperDep,
    form: CsrfForm, product: PublishedProduct, locale: Locale,
) -> Response:  # fmt: skip
    """Place the order; on a problem the order page comes back saying what to fix (422)."""

    def order(posted: Posted) -> Response:
        placed = order_configured(session=session, catalog=catalog, product=product, choices=posted.choices,
                                  context=shopper.context, customer=shopper.customer, name=posted.name,
                                  email=posted.email, idempotency_key=_key_of(request, form))  # fmt: skip
        order_id = int(placed.order.id or 0)
        target = request.url_for("receipt", order_id=order_id, key=receipt_key(order_id))
        return RedirectResponse(target, status_code=303)

    return _acted(request, catalog, shopper, locale, form, product, order)


@router.get("/orders/{order_id}/{key}", name="receipt", response_class=HTMLResponse)
def receipt(request: Request, order_id: OrderId, key: str, session: SessionDep, locale: Locale) -> Response:
    """The order's confirmation (only with the key its link carries)."""
    if not hmac.compare_digest(key[:64], receipt_key(order_id)):
        raise NotFoundError("there is no order at this address")
    found = receipt_of(session=session, order_id=order_id, locale=locale)
    if found is None:
        raise NotFoundError("there is no order at this address")
    context = {"order": found.order, "lines": found.lines, "locale": locale, "names": found.names}
    return render(request, "receipt.html", context)


@router.post("/configure/{catalog_id}/{product_id}/quote", name="request_quote")
def quote(
    request: Request, catalog: PublishedCatalog, product_id: str, session: SessionDep, shopper: ShopperDep,
    form: CsrfForm, product: PublishedProduct, locale: Locale,
) -> Response:  # fmt: skip
    """Ask for a quote: a sales rep picks the request up; the customer gets their links."""

    def ask(posted: Posted) -> Response:
        asked = request_quote(session=session, catalog=catalog, product_id=product_id, choices=posted.choices,
                              context=shopper.context, customer=shopper.customer, name=posted.name,
                              email=posted.email, message=str(form.get("_message") or ""),
                              visitor=visitor_token(request), idempotency_key=_key_of(request, form))  # fmt: skip
        return render(request, "quote_sent.html", {"asked": asked, "locale": locale})

    return _acted(request, catalog, shopper, locale, form, product, ask)


@dataclass(frozen=True)
class Posted:
    """What the order page posted: the choices, and the name and e-mail typed."""

    choices: dict[str, Choice]
    name: str
    email: str


def _acted(
    request: Request, catalog: Catalog, shopper: Shopper, locale: str, form: FormData, product: Product,
    act: Callable[[Posted], Response],
) -> Response:  # fmt: skip
    """`act` on the posted form; on a problem the order page again, saying what to fix (with the form's status)."""
    try:
        choices = posted_choices(product, form.multi_items())
        name, email = _who(form)
        return act(Posted(choices, name, email))
    except TailorError as error:
        items = [(k, str(v)) for k, v in form.multi_items()]
        return _page(request, catalog, product.id, shopper, locale, items, status=status_of(error),
                     problem=said(locale, error), form=form)  # fmt: skip
