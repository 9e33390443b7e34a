"""The workspace's front: every catalog, and one catalog's versions (catalog managers and admins only:
401 for nobody, 403 for another role)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.errors import NotFoundError
from app.services.catalogs.listing import catalog_rows, version_rows
from app.web.deps import CatalogManager, Locale, SessionDep
from app.web.pages import render
from app.web.routes.workspace.params import CatalogId
from app.web.security import csrf_token, visitor_or_new

router = APIRouter(include_in_schema=False)


@router.get("/workspace", name="workspace_catalogs", response_class=HTMLResponse)
def catalogs_page(request: Request, session: SessionDep, manager: CatalogManager, locale: Locale) -> Response:
    """Every catalog with the version in force, its drafts and scheduled versions."""
    context = {"catalogs": catalog_rows(session=session), "locale": locale,
               "csrf": csrf_token(request, visitor_or_new(request))}  # fmt: skip
    return render(request, "workspace/catalogs.html", context)


@router.get("/workspace/catalogs/{catalog_id}", name="workspace_catalog", response_class=HTMLResponse)
def catalog_page(
    request: Request, catalog_id: CatalogId, session: SessionDep, manager: CatalogManager, locale: Locale
) -> Response:
    """One catalog's versions, newest first: which is in force, which are drafts or scheduled."""
    rows = version_rows(session=session, catalog_id=catalog_id)
    if not rows:
        raise NotFoundError("no catalog '{catalog}'", catalog=catalog_id)
    context = {"catalog_id": catalog_id, "versions": rows, "locale": locale,
               "csrf": csrf_token(request, visitor_or_new(request))}  # fmt: skip
    return render(request, "workspace/catalog.html", context)
