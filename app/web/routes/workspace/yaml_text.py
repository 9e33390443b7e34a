"""A version as YAML text (a draft's to edit, any other's to read) and its edit log (catalog managers and
admins only).

A save carries the content hash it was edited from: a stale copy gets a conflict that keeps the typed
text and shows the current one; a bad text gets its problems with their lines, the typed text kept.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.catalog import CatalogError
from app.errors import NotFoundError, TailorError
from app.services.catalogs.drafts import StaleCopyError, save_draft_text, text_differences, version_text
from app.services.catalogs.edit_log import edit_log
from app.services.catalogs.listing import version_row
from app.services.catalogs.versions import version_by_id
from app.web.deps import CatalogManager, CsrfForm, Locale, SessionDep
from app.web.errors import status_of
from app.web.i18n import said
from app.web.pages import render_form
from app.web.routes.workspace.params import VersionId

router = APIRouter(include_in_schema=False)
MAX_HASH = 64


@router.get("/workspace/versions/{version_id}/yaml", name="workspace_yaml", response_class=HTMLResponse)
def yaml_page(
    request: Request, version_id: VersionId, session: SessionDep, manager: CatalogManager, locale: Locale
) -> Response:
    """The version's catalog as YAML: in a form for a draft, read-only for a published or retired one."""
    stored = version_by_id(session=session, version_id=version_id)
    context = _context(session, version_id, locale, text=version_text(stored), edited_from=stored.content_hash,
                       saved=request.query_params.get("saved") == "1")  # fmt: skip
    return render_form(request, "workspace/yaml.html", context)


@router.post("/workspace/versions/{version_id}/yaml", name="workspace_yaml_save", response_class=HTMLResponse)
def save_yaml(
    request: Request,
    version_id: VersionId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    form: CsrfForm,
) -> Response:
    """Save the typed catalog over the draft, or say why not with the typed text kept."""
    text, edited_from = str(form.get("text") or ""), str(form.get("edited_from") or "")[:MAX_HASH]
    try:
        save_draft_text(session=session, version_id=version_id, text=text, edited_from=edited_from,
                        author_id=manager.id)  # fmt: skip
    except StaleCopyError as error:
        session.rollback()
        context = _context(session, version_id, locale, text=text, edited_from=error.current_hash,
                           stale=error.current_text, message=said(locale, error),
                           differences=text_differences(error.current_text, text))  # fmt: skip
        return render_form(request, "workspace/yaml.html", context, status_code=409)
    except CatalogError as error:
        session.rollback()
        context = _context(session, version_id, locale, text=text, edited_from=edited_from, problems=error.issues)
        return render_form(request, "workspace/yaml.html", context, status_code=422)
    except NotFoundError:
        raise
    except TailorError as error:  # a published version, a text too large, another catalog's document
        session.rollback()
        context = _context(session, version_id, locale, text=text, edited_from=edited_from,
                           message=said(locale, error))  # fmt: skip
        return render_form(request, "workspace/yaml.html", context, status_code=status_of(error))
    url = request.url_for("workspace_yaml", version_id=version_id)
    return RedirectResponse(f"{url}?saved=1", status_code=303)


@router.get("/workspace/versions/{version_id}/log", name="workspace_log", response_class=HTMLResponse)
def log_page(
    request: Request,
    version_id: VersionId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    page: Annotated[int, Query(ge=1, le=10**6)] = 1,
) -> Response:
    """Who changed which field of the version, when, from what to what: newest first, a page at a time."""
    found = edit_log(session=session, version_id=version_id, page=page)
    stored = version_by_id(session=session, version_id=version_id)
    context = {"version": version_row(session=session, version_id=version_id), "catalog_id": stored.catalog_id,
               "log": found, "locale": locale}  # fmt: skip
    return render_form(request, "workspace/log.html", context)


def _context(session: SessionDep, version_id: int, locale: str, **values: Any) -> dict[str, Any]:
    """What the YAML page shows: the version, its catalog, and the text with whatever went wrong."""
    stored = version_by_id(session=session, version_id=version_id)
    row = version_row(session=session, version_id=version_id)
    lines = values["text"].splitlines()
    problems = [(issue, _line(lines, issue.line)) for issue in values.pop("problems", [])]
    return {"version": row, "catalog_id": stored.catalog_id, "locale": locale, "problems": problems,
            "editable": stored.status == "draft", **values}  # fmt: skip


def _line(lines: list[str], number: int | None) -> str:
    """The text of line `number` (1-based) as typed, shortened, to show beside its problem."""
    if number is None or not 1 <= number <= len(lines):
        return ""
    text = lines[number - 1]
    return text if len(text) <= 160 else text[:159] + "…"
