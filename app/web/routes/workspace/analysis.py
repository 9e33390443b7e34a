"""A version's live analysis: an htmx fragment beside the editor (a full page without htmx) that polls
itself while a large catalog is analysed in the background (catalog managers and admins only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.services.catalogs.analyses import version_analysis
from app.services.catalogs.versions import version_by_id
from app.web.deps import CatalogManager, Locale, SessionDep
from app.web.pages import render
from app.web.routes.workspace.params import VersionId

router = APIRouter(include_in_schema=False)


@router.get("/workspace/versions/{version_id}/analysis", name="workspace_analysis", response_class=HTMLResponse)
def analysis_page(
    request: Request, version_id: VersionId, session: SessionDep, manager: CatalogManager, locale: Locale
) -> Response:
    """The analysis of the version's document today: findings, or progress while it runs."""
    stored = version_by_id(session=session, version_id=version_id)
    found = version_analysis(session=session, version_id=version_id)
    context = {"found": found, "version_id": version_id, "catalog_id": stored.catalog_id,
               "number": stored.number, "locale": locale}  # fmt: skip
    return render(request, "workspace/analysis.html", context, fragment="analysis")
