"""Save, resume and share: POST a selection to keep it, a private resume link, a read-only share link."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.catalog import Catalog
from app.catalog.text import localize
from app.config import get_settings
from app.errors import TailorError
from app.models import SavedConfiguration
from app.services.catalogs import cached_shelf
from app.services.configurator import configure, parse_choices
from app.services.journeys import note
from app.services.one_to_one import remember_stated
from app.services.saved import by_resume_code, by_share_code, save_configuration, visitor_configurations
from app.web.deps import SessionDep, signed_in_customer
from app.web.i18n import request_locale
from app.web.routes.configure import query_of
from app.web.security import check_csrf, ensure_visitor, visitor_token
from app.web.templating import get_templates

router = APIRouter(include_in_schema=False)


def _catalog(catalog_id: str) -> Catalog:
    catalog = next((c for c in cached_shelf(get_settings().catalog_dir).catalogs if c.id == catalog_id), None)
    if catalog is None:
        raise TailorError(f"there is no catalog '{catalog_id}'", 404)
    return catalog


def _error(request: Request, error: TailorError) -> Response:
    context = {"message": error.message, "locale": request_locale(request)}
    return get_templates().TemplateResponse(request, "error.html", context, status_code=error.status_code)


@router.post("/configure/{catalog_id}/{product_id}/save", name="save")
async def save(request: Request, catalog_id: str, product_id: str, session: SessionDep) -> Response:
    """Keep the posted selection and open its private page (redirect after post)."""
    form = await request.form()
    try:
        visitor = check_csrf(request, str(form.get("_csrf") or ""))
        catalog = _catalog(catalog_id)
        product = next((p for p in catalog.products if p.id == product_id), None)
        if product is None:
            raise TailorError(f"catalog '{catalog_id}' has no product '{product_id}'", 404)
        choices, problems = parse_choices(product, [(k, str(v)) for k, v in form.multi_items()])
        if problems:
            raise TailorError("; ".join(problems))
        _, resume = save_configuration(session=session, catalog=catalog, product_id=product_id, choices=choices,
                                       visitor=visitor, name=str(form.get("_name") or ""))  # fmt: skip
        customer = signed_in_customer(request, session)
        if customer is not None:
            remember_stated(session=session, customer=customer, product=product, choices=choices)
            note(session=session, customer=customer, product_id=product_id, event="saved",
                 summary=f"Saved a configuration of {localize(product.label, 'en') or product_id}")  # fmt: skip
    except TailorError as error:
        return _error(request, error)
    return RedirectResponse(request.url_for("resume", code=resume), status_code=303)


def _page(request: Request, saved: SavedConfiguration, *, private: bool, code: str = "") -> Response:
    catalog = _catalog(saved.catalog_id)
    items = [
        (k, str(v)) for k, values in saved.choices.items() for v in (values if isinstance(values, list) else [values])
    ]
    state = configure(catalog, saved.product_id, items, date.today())
    outdated = catalog.version != saved.catalog_version
    context = {"saved": saved, "state": state, "private": private, "code": code, "query_of": query_of,
               "locale": request_locale(request), "outdated": outdated}  # fmt: skip
    return get_templates().TemplateResponse(request, "saved.html", context)


@router.get("/saved/{code}", name="resume", response_class=HTMLResponse)
def resume(request: Request, code: str, session: SessionDep) -> Response:
    """The private page of a saved configuration: continue it on any device, share it."""
    try:
        return _page(request, by_resume_code(session=session, code=code), private=True, code=code)
    except TailorError as error:
        return _error(request, error)


@router.get("/shared/{code}", name="shared", response_class=HTMLResponse)
def shared(request: Request, code: str, session: SessionDep) -> Response:
    """A saved configuration, read-only, for whoever has the link."""
    try:
        return _page(request, by_share_code(session=session, code=code), private=False)
    except TailorError as error:
        return _error(request, error)


@router.get("/saved", name="my_configurations", response_class=HTMLResponse)
def mine(request: Request, session: SessionDep) -> Response:
    """This visitor's saved configurations."""
    visitor = visitor_token(request)
    found = visitor_configurations(session=session, visitor=visitor) if visitor else []
    context = {"configurations": found, "locale": request_locale(request), "query_of": query_of}
    response = get_templates().TemplateResponse(request, "my_configurations.html", context)
    ensure_visitor(request, response)
    return response
