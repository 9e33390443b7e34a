"""Save, resume and share: POST a selection to keep it, a private resume link, a read-only share link."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.services.configurator.flow import Reopened, reopen_saved, save_configured
from app.services.configurator.saved import visitor_configurations
from app.web.deps import (
    CsrfForm,
    Locale,
    PublishedCatalog,
    PublishedProduct,
    SessionDep,
    ShopperDep,
    SignedInCustomer,
    known_customer,
)
from app.web.forms import posted_choices, query_of
from app.web.pages import render
from app.web.security import ensure_visitor, visitor_token

router = APIRouter(include_in_schema=False)


@router.post("/configure/{catalog_id}/{product_id}/save", name="save")
def save(
    request: Request, catalog: PublishedCatalog, session: SessionDep, form: CsrfForm, product: PublishedProduct,
    locale: Locale,
) -> Response:  # fmt: skip
    """Keep the posted selection and open its private page (redirect after post)."""
    choices = posted_choices(product, form.multi_items(), locale)
    resume = save_configured(session=session, catalog=catalog, product=product, choices=choices,
                             visitor=visitor_token(request), customer=known_customer(request, session),
                             name=str(form.get("_name") or ""))  # fmt: skip
    return RedirectResponse(request.url_for("resume", code=resume), status_code=303)


def _page(request: Request, reopened: Reopened, locale: str, *, private: bool, code: str = "") -> Response:
    """A saved configuration priced for whoever looks at it now (their context, as on the configurator)."""
    context = {"saved": reopened.saved, "state": reopened.state, "private": private, "code": code,
               "query_of": query_of, "locale": locale, "outdated": reopened.outdated}  # fmt: skip
    return render(request, "saved.html", context)


@router.get("/saved/{code}", name="resume", response_class=HTMLResponse)
def resume(request: Request, code: str, session: SessionDep, shopper: ShopperDep, locale: Locale) -> Response:
    """The private page of a saved configuration: continue it on any device, share it."""
    reopened = reopen_saved(session=session, code=code[:64], private=True, context=shopper.context, locale=locale)
    return _page(request, reopened, locale, private=True, code=code)


@router.get("/shared/{code}", name="shared", response_class=HTMLResponse)
def shared(request: Request, code: str, session: SessionDep, shopper: ShopperDep, locale: Locale) -> Response:
    """A saved configuration, read-only, for whoever has the link."""
    reopened = reopen_saved(session=session, code=code[:64], private=False, context=shopper.context, locale=locale)
    return _page(request, reopened, locale, private=False)


@router.get("/saved", name="my_configurations", response_class=HTMLResponse)
def mine(request: Request, session: SessionDep, customer: SignedInCustomer, locale: Locale) -> Response:
    """What was saved on this browser and, signed in, everything the customer saved on any device."""
    found = visitor_configurations(session=session, visitor=visitor_token(request),
                                   customer_id=customer.id if customer is not None else None)  # fmt: skip
    context = {"configurations": found, "locale": locale, "query_of": query_of}
    response = render(request, "my_configurations.html", context)
    ensure_visitor(request, response)
    return response
