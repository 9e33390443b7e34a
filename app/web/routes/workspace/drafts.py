"""Drafts as a whole (catalog managers and admins only): start one from any version, upload a catalog file
or a model into a new one, discard one. Nothing here ever puts a version in force."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from app.catalog import CatalogError
from app.catalog.limits import MAX_FILE_BYTES
from app.errors import NotFoundError, TailorError
from app.services.catalogs.drafts import UPLOAD_SUFFIXES, discard_draft, start_draft, upload_draft
from app.services.catalogs.listing import version_rows
from app.web.deps import CatalogManager, CsrfForm, Locale, SessionDep
from app.web.errors import status_of
from app.web.i18n import said
from app.web.pages import render_form
from app.web.routes.workspace.params import CatalogId, VersionId
from app.web.security import check_csrf

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class SentFile:
    """The file of an upload form: its name as the browser gave it and its first bytes (one past the limit)."""

    filename: str
    data: bytes


async def sent_file(request: Request) -> SentFile:
    """The posted upload form's file, once its CSRF token is checked (403 otherwise)."""
    form = await request.form(max_files=1, max_fields=10)
    check_csrf(request, str(form.get("_csrf") or ""))
    sent = form.get("file")
    if not isinstance(sent, UploadFile) or not sent.filename:
        raise TailorError("choose a file to upload ('{field}')", field="file")
    return SentFile(sent.filename[:500], await sent.read(MAX_FILE_BYTES + 1))


SentFileDep = Annotated[SentFile, Depends(sent_file)]


@router.post("/workspace/catalogs/{catalog_id}/drafts", name="workspace_new_draft")
def new_draft(
    request: Request, catalog_id: CatalogId, session: SessionDep, manager: CatalogManager, form: CsrfForm
) -> Response:
    """Start a draft from version `from_version` (default: the latest) and open it."""
    asked = str(form.get("from_version") or "").strip()
    if asked and not (asked.isdigit() and len(asked) <= 9):
        raise TailorError("'{field}' is not a version number", field="from_version")
    version = start_draft(session=session, catalog_id=catalog_id, from_number=int(asked) if asked else None,
                          author_id=manager.id)  # fmt: skip
    return RedirectResponse(str(request.url_for("workspace_version", version_id=version.id)), status_code=303)


@router.post("/workspace/catalogs/{catalog_id}/upload", name="workspace_upload", response_class=HTMLResponse)
def upload(
    request: Request, catalog_id: CatalogId, session: SessionDep, manager: CatalogManager, locale: Locale,
    sent: SentFileDep,
) -> Response:  # fmt: skip
    """A catalog file or a model into a new draft; a bad one: the catalog page again, its problems located."""
    try:
        uploaded = upload_draft(session=session, catalog_id=catalog_id, filename=sent.filename, data=sent.data,
                                author_id=manager.id)  # fmt: skip
    except NotFoundError:
        raise
    except CatalogError as error:
        session.rollback()
        return _catalog_again(request, session, catalog_id, locale, problems=error.issues, status=422)
    except TailorError as error:
        session.rollback()
        return _catalog_again(request, session, catalog_id, locale, message=said(locale, error),
                              status=status_of(error))  # fmt: skip
    url = request.url_for("workspace_version", version_id=uploaded.version.id)
    return RedirectResponse(str(url), status_code=303)


@router.post("/workspace/versions/{version_id}/discard", name="workspace_discard")
def discard(
    request: Request, version_id: VersionId, session: SessionDep, manager: CatalogManager, form: CsrfForm
) -> Response:
    """Delete a draft (the form's `confirm` box says the manager means it) and go back to its catalog."""
    if form.get("confirm") != "yes":
        raise TailorError("tick '{field}' to discard the draft", field="confirm")
    catalog_id = discard_draft(session=session, version_id=version_id)
    return RedirectResponse(str(request.url_for("workspace_catalog", catalog_id=catalog_id)), status_code=303)


def _catalog_again(request: Request, session: SessionDep, catalog_id: str, locale: str, *, status: int,
                   **shown: Any) -> Response:  # fmt: skip
    """The catalog's page with what was wrong with the upload."""
    context = {"catalog_id": catalog_id, "versions": version_rows(session=session, catalog_id=catalog_id),
               "locale": locale, "upload_problems": shown.get("problems", []),
               "upload_message": shown.get("message", ""), "upload_suffixes": UPLOAD_SUFFIXES}  # fmt: skip
    return render_form(request, "workspace/catalog.html", context, status_code=status)
