"""Order it: the order page of a complete configuration, the order itself (POST, CSRF), its confirmation."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from datetime import date
from hashlib import sha256

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import select
from starlette.datastructures import FormData

from app.catalog import Catalog
from app.catalog.text import localize
from app.errors import TailorError
from app.models import Order, OrderLine
from app.services.configurator import configure, product_of
from app.services.journeys import note
from app.services.one_to_one import remember_stated
from app.services.ordering import order_configuration
from app.services.quotes import request_quote
from app.web.deps import SessionDep, published_catalog, signed_in_customer
from app.web.forms import posted_choices, query_of
from app.web.i18n import request_locale, said
from app.web.pages import render
from app.web.security import check_csrf, csrf_token, remember_visitor, secret_key, visitor_or_new

router = APIRouter(include_in_schema=False)


def receipt_key(order_id: int) -> str:
    """The key in a confirmation link: only who placed the order gets it."""
    return hmac.new(secret_key(), f"order:{order_id}".encode(), sha256).hexdigest()[:24]


@router.get("/configure/{catalog_id}/{product_id}/order", name="order_page", response_class=HTMLResponse)
def order_page(request: Request, catalog_id: str, product_id: str) -> Response:
    """The configuration to order, its price, and who it is for."""
    catalog = published_catalog(catalog_id)
    state = configure(catalog, product_id, request.query_params.multi_items(), date.today())
    visitor = visitor_or_new(request)
    context = {"state": state, "locale": request_locale(request), "csrf": csrf_token(visitor),
               "query_of": query_of, "problem": None}  # fmt: skip
    response = render(request, "order.html", context)
    remember_visitor(request, response, visitor)
    return response


def _order_page_again(
    request: Request, catalog: Catalog, product_id: str, form: FormData, error: TailorError
) -> Response:
    """The order page once more, with what was typed and what to fix (422); only priced when it is needed."""
    items = [(k, str(v)) for k, v in form.multi_items()]
    context = {"state": configure(catalog, product_id, items, date.today()), "locale": request_locale(request),
               "csrf": str(form.get("_csrf")), "query_of": query_of, "problem": said(request_locale(request), error),
               "name": form.get("_name"), "email": form.get("_email")}  # fmt: skip
    return render(request, "order.html", context, status_code=422)


@router.post("/configure/{catalog_id}/{product_id}/order", name="place_order")
async def place(request: Request, catalog_id: str, product_id: str, session: SessionDep) -> Response:
    """Place the order; on a problem the order page comes back saying what to fix (422)."""
    form = await request.form()
    check_csrf(request, str(form.get("_csrf") or ""))
    catalog = published_catalog(catalog_id)
    product = product_of(catalog, product_id)
    try:
        choices = posted_choices(product, form.multi_items())
        placed = order_configuration(session=session, catalog=catalog, product_id=product_id, choices=choices,
                                     name=str(form.get("_name") or ""), email=str(form.get("_email") or ""),
                                     on=date.today())  # fmt: skip
    except TailorError as error:
        return _order_page_again(request, catalog, product_id, form, error)
    customer = signed_in_customer(request, session)
    if customer is not None:
        remember_stated(session=session, customer=customer, product=product, choices=choices)
        note(session=session, customer=customer, product_id=product_id, event="ordered",
             summary=f"Ordered from the configurator (order {placed.order.id})")  # fmt: skip
    order_id = int(placed.order.id or 0)
    return RedirectResponse(request.url_for("receipt", order_id=order_id, key=receipt_key(order_id)), status_code=303)


@router.get("/orders/{order_id}/{key}", name="receipt", response_class=HTMLResponse)
def receipt(request: Request, order_id: int, key: str, session: SessionDep) -> Response:
    """The order's confirmation (only with the key its link carries)."""
    order = session.get(Order, order_id)
    if order is None or not hmac.compare_digest(key, receipt_key(order_id)):
        raise TailorError("there is no order at this address", 404)
    lines = session.exec(select(OrderLine).where(OrderLine.order_id == order_id)).all()
    locale = request_locale(request)
    context = {"order": order, "lines": lines, "locale": locale, "names": _product_names(lines, locale)}
    return render(request, "receipt.html", context)


def _product_names(lines: Sequence[OrderLine], locale: str) -> dict[str, str]:
    """Each ordered product's name in `locale`, from the published catalog (its id when it is gone)."""
    names: dict[str, str] = {}
    for line in lines:
        try:
            product = product_of(published_catalog(line.catalog_id), line.product_id)
        except TailorError:
            continue
        names[line.product_id] = localize(product.label, locale) or line.product_id
    return names


@router.post("/configure/{catalog_id}/{product_id}/quote", name="request_quote")
async def quote(request: Request, catalog_id: str, product_id: str, session: SessionDep) -> Response:
    """Ask for a quote: a sales rep picks the request up; the customer gets their links."""
    form = await request.form()
    visitor = check_csrf(request, str(form.get("_csrf") or ""))
    catalog = published_catalog(catalog_id)
    product = product_of(catalog, product_id)
    try:
        choices = posted_choices(product, form.multi_items())
        asked = request_quote(session=session, catalog=catalog, product_id=product_id, choices=choices,
                              name=str(form.get("_name") or ""), email=str(form.get("_email") or ""),
                              message=str(form.get("_message") or ""), visitor=visitor)  # fmt: skip
    except TailorError as error:
        return _order_page_again(request, catalog, product_id, form, error)
    context = {"asked": asked, "locale": request_locale(request)}
    return render(request, "quote_sent.html", context)
