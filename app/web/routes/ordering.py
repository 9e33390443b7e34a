"""Order it: the order page of a complete configuration, the order itself (POST, CSRF, idempotency
key), its confirmation, and the quote request.

The order page and the order use the same customer context as the configurator (`ShopperDep`),
so the price shown is the price charged. A known customer orders as themselves; a visitor's
e-mail never writes into an existing customer's record (`services.ordering`).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from app.catalog import Catalog, Product
from app.errors import NotFoundError, TailorError
from app.keys import keyed_hash
from app.services.configurator.checkout import OrderForm, order_configured, receipt_of
from app.services.configurator.page import configure
from app.services.idempotency import checked_key, new_key
from app.services.quotes.requests import MESSAGE_LENGTH, request_quote
from app.web.deps import CsrfForm, Locale, PublishedCatalog, PublishedProduct, SessionDep, Shopper, ShopperDep
from app.web.errors import status_of
from app.web.forms import posted_choices, query_of
from app.web.i18n import said
from app.web.pages import render, render_form
from app.web.security import visitor_token

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
    context = {"state": configure(catalog, product_id, items, shopper.context, locale), "locale": locale,
               "query_of": query_of, "problem": problem,
               "customer": shopper.customer, "key": str(form.get("_key")) if form else new_key(),
               "name": form.get("_name") if form else None, "email": form.get("_email") if form else None,
               "message": form.get("_message") if form else None, "limits": _limits()}  # fmt: skip
    return render_form(request, "order.html", context, status_code=status)


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


@dataclass(frozen=True)
class OrderPost:
    """A post of the order page (place the order, or ask for a quote) and what answering it needs."""

    request: Request
    catalog: Catalog
    shopper: Shopper
    form: FormData
    product: Product
    locale: str

    def order_form(self) -> OrderForm:
        """The posted configuration and who it is for (TailorError saying what to fix)."""
        choices = posted_choices(self.product, self.form.multi_items())
        name, email = _who(self.form)
        return OrderForm(catalog=self.catalog, product=self.product, choices=choices, context=self.shopper.context,
                         customer=self.shopper.customer, name=name, email=email,
                         idempotency_key=_key_of(self.request, self.form))  # fmt: skip

    def again(self, error: TailorError) -> Response:
        """The order page again as posted, saying what to fix (with the error's status)."""
        items = [(k, str(v)) for k, v in self.form.multi_items()]
        return _page(self.request, self.catalog, self.product.id, self.shopper, self.locale, items,
                     status=status_of(error), problem=said(self.locale, error), form=self.form)  # fmt: skip


def order_post(
    request: Request, catalog: PublishedCatalog, shopper: ShopperDep, form: CsrfForm, product: PublishedProduct,
    locale: Locale,
) -> OrderPost:  # fmt: skip
    """The order page's post, its CSRF token checked."""
    return OrderPost(request, catalog, shopper, form, product, locale)


OrderPosted = Annotated[OrderPost, Depends(order_post)]


@router.post("/configure/{catalog_id}/{product_id}/order", name="place_order")
def place(request: Request, session: SessionDep, posted: OrderPosted) -> Response:
    """Place the order; on a problem the order page comes back saying what to fix (422)."""
    try:
        placed = order_configured(session=session, form=posted.order_form())
    except TailorError as error:
        return posted.again(error)
    order_id = int(placed.order.id or 0)
    return RedirectResponse(request.url_for("receipt", order_id=order_id, key=receipt_key(order_id)), status_code=303)


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
def quote(request: Request, session: SessionDep, posted: OrderPosted, locale: Locale) -> Response:
    """Ask for a quote: a sales rep picks the request up; the customer gets their links."""
    try:
        asked = request_quote(session=session, form=posted.order_form(), message=str(posted.form.get("_message") or ""),
                              visitor=visitor_token(request))  # fmt: skip
    except TailorError as error:
        return posted.again(error)
    return render(request, "quote_sent.html", {"asked": asked, "locale": locale})
