"""The configurator page: one product, its modules as steps, valid options live, conflicts with repairs.

A plain GET form that works without JavaScript (each change submits it); htmx, when present,
swaps only the `configurator` block on change and keeps the URL in step, so the address is
always the configuration (shareable, resumable).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.catalog.configuration import Choice
from app.config import get_settings
from app.errors import TailorError
from app.services.catalogs import cached_shelf
from app.services.configurator import configure
from app.web.security import csrf_token, remember_visitor, visitor_or_new
from app.web.templating import get_templates

router = APIRouter()


def query_of(choices: dict[str, Choice]) -> str:
    """The URL query of a selection (many-of options repeated)."""
    pairs: list[tuple[str, str]] = []
    for attribute, choice in choices.items():
        for value in choice if isinstance(choice, list) else [choice]:
            pairs.append((attribute, str(value)))
    return urlencode(pairs)


@router.get("/configure/{catalog_id}/{product_id}", response_class=HTMLResponse, name="configure",
            include_in_schema=False)  # fmt: skip
def configure_page(request: Request, catalog_id: str, product_id: str) -> Response:
    """The configurator (full page, or its `configurator` block for htmx)."""
    settings = get_settings()
    templates = get_templates()
    shelf = cached_shelf(settings.catalog_dir)
    catalog = next((c for c in shelf.catalogs if c.id == catalog_id), None)
    locale = settings.default_locale
    try:
        if catalog is None:
            raise TailorError(f"there is no catalog '{catalog_id}'", 404)
        state = configure(catalog, product_id, request.query_params.multi_items(), date.today())
    except TailorError as error:
        return templates.TemplateResponse(request, "error.html", {"message": error.message, "locale": locale},
                                          status_code=error.status_code)  # fmt: skip
    visitor = visitor_or_new(request)
    context = {"state": state, "locale": locale, "query_of": query_of, "csrf": csrf_token(visitor)}
    if request.headers.get("HX-Request"):
        response = templates.TemplateResponse(request, "configure.html", context, block_name="configurator")
    else:
        response = templates.TemplateResponse(request, "configure.html", context)
    remember_visitor(request, response, visitor)
    return response
