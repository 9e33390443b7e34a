"""Publishing in the workspace: the impact page (what a draft does to customers) with the publish form,
the second approver's decision, rollback of an older version, and compile progress (catalog managers
and admins only; every action a CSRF-checked form that works without JS: POST, then a redirect)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.services.catalogs.impact import draft_impact
from app.services.catalogs.listing import version_row
from app.services.catalogs.publishing import (
    PastDateError,
    approve,
    last_rejection,
    pending_approval,
    progress,
    publish_version,
    reject,
    republish,
)
from app.services.catalogs.versions import version_by_id
from app.web.deps import CatalogManager, CsrfForm, Locale, SessionDep
from app.web.i18n import said
from app.web.pages import render_form
from app.web.routes.workspace.params import VersionId

router = APIRouter(include_in_schema=False)
MAX_TEXT = 2000


@router.get("/workspace/versions/{version_id}/impact", name="workspace_impact", response_class=HTMLResponse)
def impact_page(
    request: Request, version_id: VersionId, session: SessionDep, manager: CatalogManager, locale: Locale,
    page: int = 1,
) -> Response:  # fmt: skip
    """What the version does to customers against the one in force, and the form that publishes it."""
    impact = draft_impact(session=session, version_id=version_id, page=max(1, min(page, 10_000)), locale=locale)
    return _page(request, session, version_id, locale, impact=impact)


@router.post("/workspace/versions/{version_id}/publish", name="workspace_publish")
def publish_post(
    request: Request, version_id: VersionId, session: SessionDep, manager: CatalogManager, form: CsrfForm,
    locale: Locale,
) -> Response:  # fmt: skip
    """Publish the draft now or at the moment given (UTC), or ask the second approver."""
    values = _values(form)
    try:
        moment = _moment(values)
        publish_version(session=session, version_id=version_id, author_id=manager.id or 0, effective_from=moment,
                        notes=values.get("notes", ""))  # fmt: skip
    except PastDateError as error:
        return _page(request, session, version_id, locale, status_code=422, form=values,
                     problems={"effective": said(locale, error)})  # fmt: skip
    return RedirectResponse(f"/workspace/versions/{version_id}", status_code=303)


@router.post("/workspace/versions/{version_id}/approve", name="workspace_approve")
def approve_post(
    request: Request, version_id: VersionId, session: SessionDep, manager: CatalogManager, form: CsrfForm
) -> Response:
    """Another catalog manager approves the request (it publishes the draft) or rejects it with a comment."""
    values = _values(form)
    if values.get("decision") == "reject":
        reject(session=session, version_id=version_id, approver_id=manager.id or 0, comment=values.get("comment", ""))
    else:
        approve(session=session, version_id=version_id, approver_id=manager.id or 0)
    return RedirectResponse(f"/workspace/versions/{version_id}", status_code=303)


@router.post("/workspace/versions/{version_id}/republish", name="workspace_republish")
def republish_post(
    request: Request, version_id: VersionId, session: SessionDep, manager: CatalogManager, form: CsrfForm,
    locale: Locale,
) -> Response:  # fmt: skip
    """Rollback: this older version's document again, as a new version, now or at the moment given."""
    values = _values(form)
    try:
        again = republish(session=session, version_id=version_id, author_id=manager.id or 0,
                          effective_from=_moment(values), notes=values.get("notes", ""))  # fmt: skip
    except PastDateError as error:
        return _page(request, session, version_id, locale, status_code=422, form=values,
                     problems={"effective": said(locale, error)})  # fmt: skip
    return RedirectResponse(f"/workspace/versions/{again.id}", status_code=303)


@router.get("/workspace/versions/{version_id}/progress", name="workspace_progress", response_class=HTMLResponse)
def progress_fragment(
    request: Request, version_id: VersionId, session: SessionDep, manager: CatalogManager, locale: Locale
) -> Response:
    """The compile's progress line (htmx asks again every two seconds while it runs)."""
    version_by_id(session=session, version_id=version_id)
    context = {"version_id": version_id, "progress": progress(session=session, version_id=version_id),
               "locale": locale}  # fmt: skip
    return render_form(request, "workspace/_progress.html", context, fragment="progress")


def _page(request: Request, session: Any, version_id: int, locale: str, *, status_code: int = 200,
          **extra: Any) -> Response:  # fmt: skip
    stored = version_by_id(session=session, version_id=version_id)
    context = {"version": version_row(session=session, version_id=version_id), "catalog_id": stored.catalog_id,
               "approval": pending_approval(session=session, version_id=version_id) if stored.status == "draft"
               else None, "rejection": last_rejection(session=session, version_id=version_id),
               "progress": progress(session=session, version_id=version_id), "locale": locale,
               "impact": None, "form": {}, "problems": {}, **extra}  # fmt: skip
    return render_form(request, "workspace/impact.html", context, status_code=status_code)


def _values(form: Any) -> dict[str, str]:
    return {key: str(value)[:MAX_TEXT] for key, value in form.items() if key != "_csrf" and isinstance(value, str)}


def _moment(values: dict[str, str]) -> datetime | None:
    """The moment the form asks for: None for now, else the `effective` field read as UTC."""
    if values.get("when") != "later":
        return None
    text = values.get("effective", "").strip()
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise PastDateError("the effective date {when} is not a date and time (YYYY-MM-DD HH:MM, UTC)",
                            when=text[:40]) from None  # fmt: skip
