"""Save, resume and share: POST a selection to keep it, a private resume link, a read-only share link."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.catalog.text import localize
from app.models import SavedConfiguration
from app.services.configurator.journeys import note
from app.services.configurator.one_to_one import remember_stated
from app.services.configurator.page import configure, product_of
from app.services.configurator.saved import by_resume_code, by_share_code, save_configuration, visitor_configurations
from app.web.deps import (
    CsrfForm,
    Locale,
    PublishedCatalog,
    SessionDep,
    Shopper,
    ShopperDep,
    known_customer,
    published_catalog,
    signed_in_customer,
)
from app.web.forms import choice_pairs, posted_choices, query_of
from app.web.i18n import request_locale
from app.web.pages import render
from app.web.security import ensure_visitor, visitor_token

router = APIRouter(include_in_schema=False)


@router.post("/configure/{catalog_id}/{product_id}/save", name="save")
def save(
    request: Request, catalog: PublishedCatalog, product_id: str, session: SessionDep, form: CsrfForm, locale: Locale
) -> Response:
    """Keep the posted selection and open its private page (redirect after post)."""
    visitor = visitor_token(request)
    product = product_of(catalog, product_id)
    choices = posted_choices(product, form.multi_items(), locale)
    customer = known_customer(request, session)
    _, resume = save_configuration(session=session, catalog=catalog, product_id=product_id, choices=choices,
                                   visitor=visitor, name=str(form.get("_name") or ""),
                                   customer_id=customer.id if customer is not None else None)  # fmt: skip
    if customer is not None:
        remember_stated(session=session, customer=customer, product=product, choices=choices)
        note(session=session, customer=customer, product_id=product_id, event="saved",
             summary=f"Saved a configuration of {localize(product.label, 'en') or product_id}")  # fmt: skip
    return RedirectResponse(request.url_for("resume", code=resume), status_code=303)


def _page(request: Request, saved: SavedConfiguration, shopper: Shopper, locale: str, *, private: bool,
          code: str = "") -> Response:  # fmt: skip
    """A saved configuration priced for whoever looks at it now (their context, as on the configurator)."""
    catalog = published_catalog(saved.catalog_id)
    state = configure(catalog, saved.product_id, choice_pairs(saved.choices), shopper.context, locale)
    outdated = catalog.version != saved.catalog_version
    context = {"saved": saved, "state": state, "private": private, "code": code, "query_of": query_of,
               "locale": locale, "outdated": outdated}  # fmt: skip
    return render(request, "saved.html", context)


@router.get("/saved/{code}", name="resume", response_class=HTMLResponse)
def resume(request: Request, code: str, session: SessionDep, shopper: ShopperDep, locale: Locale) -> Response:
    """The private page of a saved configuration: continue it on any device, share it."""
    return _page(request, by_resume_code(session=session, code=code[:64]), shopper, locale, private=True, code=code)


@router.get("/shared/{code}", name="shared", response_class=HTMLResponse)
def shared(request: Request, code: str, session: SessionDep, shopper: ShopperDep, locale: Locale) -> Response:
    """A saved configuration, read-only, for whoever has the link."""
    return _page(request, by_share_code(session=session, code=code[:64]), shopper, locale, private=False)


@router.get("/saved", name="my_configurations", response_class=HTMLResponse)
def mine(request: Request, session: SessionDep) -> Response:
    """What was saved on this browser and, signed in, everything the customer saved on any device."""
    customer = signed_in_customer(request, session)
    found = visitor_configurations(session=session, visitor=visitor_token(request),
                                   customer_id=customer.id if customer is not None else None)  # fmt: skip
    context = {"configurations": found, "locale": request_locale(request), "query_of": query_of}
    response = render(request, "my_configurations.html", context)
    ensure_visitor(request, response)
    return response
