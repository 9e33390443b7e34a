"""The configurator page: one product, its modules as steps, valid options live, conflicts with repairs.

A plain GET form that works without JavaScript (each change submits it); htmx, when present,
swaps only the `configurator` block on change and keeps the URL in step, so the address is
always the configuration (shareable, resumable). A GET changes nothing: for a known customer
the page posts a small beacon (`/progress`) that puts the session on their timeline and keeps
their draft.
"""

from __future__ import annotations

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.services.configurator.flow import open_configurator, record_click
from app.services.configurator.personalisation import Known
from app.web.deps import CsrfForm, Locale, PublishedCatalog, SessionDep, ShopperDep, SignedInCustomer
from app.web.forms import query_of
from app.web.i18n import BABEL_LOCALE, say
from app.web.pages import render
from app.web.security import csrf_token, remember_visitor, visitor_or_new
from app.web.views.configurator import configurator_view

router = APIRouter(include_in_schema=False)


@router.get("/configure/{catalog_id}/{product_id}", response_class=HTMLResponse, name="configure")
def configure_page(
    request: Request, catalog: PublishedCatalog, product_id: str, session: SessionDep, shopper: ShopperDep,
    locale: Locale, signed_in: SignedInCustomer,
) -> Response:  # fmt: skip
    """The configurator (full page, or its `configurator` block for htmx).

    For a known customer who allows personalisation, a fresh configurator (no choice in the
    address yet) starts from their needs profile, each prefilled choice saying where it came
    from; their context (tier, segment, region) decides what they are eligible for and the prices.
    """
    customer, items = shopper.customer, request.query_params.multi_items()
    opened = open_configurator(session=session, catalog=catalog, product_id=product_id, customer=customer,
                               items=items, context=shopper.context, locale=locale)  # fmt: skip
    visitor = visitor_or_new(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    sources = {attribute: _source(k, locale) for attribute, k in opened.known.items()}
    context: dict[str, object] = {"state": opened.state, "locale": locale, "query_of": query_of,
               "csrf": csrf_token(request, visitor), "customer": customer, "here_url": here, "sources": sources,
               "recognised": customer is not None and signed_in is None,
               "recognise_outcome": request.query_params.get("_recognise", ""), "fresh": opened.fresh,
               "stopped": opened.stopped, "view": configurator_view(opened.state, locale, sources)}  # fmt: skip
    response = render(request, "configure.html", context, fragment="configurator")
    remember_visitor(request, response, visitor)
    return response


@router.post("/configure/{catalog_id}/{product_id}/progress", name="progress", status_code=204)
def progress(
    request: Request, catalog: PublishedCatalog, product_id: str, session: SessionDep, shopper: ShopperDep,
    form: CsrfForm,
) -> Response:  # fmt: skip
    """The page's beacon: a known customer's session on their timeline and their draft (nothing for others)."""
    if shopper.customer is not None:
        items = [(key, str(value)) for key, value in form.multi_items()]
        record_click(session=session, catalog=catalog, product_id=product_id, items=items, customer=shopper.customer,
                     context=shopper.context, fresh=bool(form.get("_fresh")))  # fmt: skip
    return Response(status_code=204)


def _source(known: Known, locale: str) -> str:
    """Where a prefilled choice came from, in the page's language."""
    message, place, day = known.wording
    return say(locale, message, place=place, day=format_date(day, "long", locale=BABEL_LOCALE.get(locale, locale)))
