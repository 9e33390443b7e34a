"""The diff between two versions of a catalog (drafts included): structural, price and semantic
changes; a large diff is computed in the background and the page polls (catalog managers and admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.services.catalogs.diffs import version_diff
from app.services.catalogs.listing import version_rows
from app.web.deps import CatalogManager, Locale, SessionDep
from app.web.pages import render
from app.web.routes.workspace.params import CatalogId

router = APIRouter(include_in_schema=False)


@router.get("/workspace/catalogs/{catalog_id}/diff", name="workspace_diff", response_class=HTMLResponse)
def diff_page(
    request: Request,
    catalog_id: CatalogId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    before: Annotated[int | None, Query(alias="from", ge=1, le=1_000_000)] = None,
    after: Annotated[int | None, Query(alias="to", ge=1, le=1_000_000)] = None,
) -> Response:
    """Version `from` (default: the one in force) against `to` (default: the latest)."""
    found = version_diff(session=session, catalog_id=catalog_id, before=before, after=after)
    context = {"found": found, "catalog_id": catalog_id, "locale": locale,
               "versions": version_rows(session=session, catalog_id=catalog_id)}  # fmt: skip
    return render(request, "workspace/diff.html", context, fragment="diff")
