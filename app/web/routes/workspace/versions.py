"""One catalog version in the workspace: what it is, what can be done with it, its outline and its
analysis beside it (catalog managers and admins only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.services.catalogs.listing import version_row
from app.services.catalogs.versions import version_by_id
from app.web.deps import CatalogManager, Locale, SessionDep
from app.web.pages import render
from app.web.routes.workspace.params import VersionId
from app.web.security import csrf_token, visitor_or_new

router = APIRouter(include_in_schema=False)


@router.get("/workspace/versions/{version_id}", name="workspace_version", response_class=HTMLResponse)
def version_page(
    request: Request, version_id: VersionId, session: SessionDep, manager: CatalogManager, locale: Locale
) -> Response:
    """A version: its status and actions, its outline (editable while it is a draft) and its analysis."""
    stored = version_by_id(session=session, version_id=version_id)
    context = {"version": version_row(session=session, version_id=version_id), "catalog_id": stored.catalog_id,
               "document": stored.document, "locale": locale,
               "csrf": csrf_token(request, visitor_or_new(request))}  # fmt: skip
    return render(request, "workspace/version.html", context)
