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

from app.models import SavedConfiguration
from app.services.configurator import configure, product_of
from app.services.journeys import record_progress
from app.services.one_to_one import Known, known_choices
from app.services.saved import draft_of
from app.web.deps import CsrfForm, Locale, PublishedCatalog, SessionDep, ShopperDep, signed_in_customer
from app.web.forms import choice_pairs, query_of
from app.web.i18n import BABEL_LOCALE, say
from app.web.pages import render
from app.web.security import csrf_token, remember_visitor, visitor_or_new
from app.web.views.configurator import configurator_view

router = APIRouter(include_in_schema=False)


@router.get("/configure/{catalog_id}/{product_id}", response_class=HTMLResponse, name="configure")
def configure_page(
    request: Request, catalog: PublishedCatalog, product_id: str, session: SessionDep, shopper: ShopperDep,
    locale: Locale,
) -> Response:  # fmt: skip
    """The configurator (full page, or its `configurator` block for htmx).

    For a known customer who allows personalisation, a fresh configurator (no choice in the
    address yet) starts from their needs profile, each prefilled choice saying where it came
    from; their context (tier, segment, region) decides what they are eligible for and the prices.
    """
    items = request.query_params.multi_items()
    customer = shopper.customer
    known: dict[str, Known] = {}
    stopped: SavedConfiguration | None = None
    product = product_of(catalog, product_id)
    fresh = not any(key in product.attribute_index for key, _ in items)
    if customer is not None and fresh:
        known = known_choices(session=session, customer=customer, product=product)
        items = items + choice_pairs({a: k.choice for a, k in known.items()})
        stopped = draft_of(session=session, customer_id=int(customer.id or 0), product_id=product_id,
                           catalog_id=catalog.id)  # fmt: skip
    state = configure(catalog, product_id, items, shopper.context, locale)
    visitor = visitor_or_new(request)
    sources = {attribute: _source(k, locale) for attribute, k in known.items()}
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    context: dict[str, object] = {"state": state, "locale": locale, "query_of": query_of,
               "csrf": csrf_token(request, visitor), "sources": sources, "customer": customer, "here_url": here,
               "recognised": customer is not None and signed_in_customer(request, session) is None,
               "recognise_outcome": request.query_params.get("_recognise", ""), "fresh": fresh,
               "stopped": stopped if stopped is not None and stopped.choices != state.choices else None,
               "view": configurator_view(state, locale, sources)}  # fmt: skip
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
        state = configure(catalog, product_id, items, shopper.context)
        record_progress(session=session, customer=shopper.customer, catalog=catalog, state=state,
                        fresh=bool(form.get("_fresh")))  # fmt: skip
    return Response(status_code=204)


def _source(known: Known, locale: str) -> str:
    """Where a prefilled choice came from, in the page's language."""
    message, place, day = known.wording
    return say(locale, message, place=place, day=format_date(day, "long", locale=BABEL_LOCALE.get(locale, locale)))
