"""Duplicate review for reps: the record-linkage queue with both records side by side, merge (the
reviewer chooses the survivor), reject, and the merges list with undo (reps, sales managers and admins)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import ConflictError, NotFoundError, TailorError
from app.services.customers.duplicates import reject_pair
from app.services.customers.merges import merge_customers, undo_merge
from app.services.customers.review import FIELDS, pending_pair, recent_merges, review_queue
from app.web.deps import CsrfForm, Locale, Rep, SessionDep
from app.web.errors import status_of
from app.web.i18n import said
from app.web.pages import render
from app.web.security import csrf_token, visitor_or_new

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _page(request: Request, session: SessionDep, locale: str, status: int = 200, **extra: Any) -> Response:
    context = {"pairs": review_queue(session=session), "merges": recent_merges(session=session), "fields": FIELDS,
               "locale": locale, "csrf": csrf_token(request, visitor_or_new(request)), "problem": None,
               **extra}  # fmt: skip
    return render(request, "reps/duplicates.html", context, status_code=status)


@router.get("/reps/duplicates", name="rep_duplicates", response_class=HTMLResponse)
def duplicates(request: Request, session: SessionDep, rep: Rep, locale: Locale) -> Response:
    """Pending candidate pairs, most probable first, and the recent merges."""
    return _page(request, session, locale)


def _done(request: Request, what: str) -> Response:
    return RedirectResponse(f"{request.url_for('rep_duplicates')}?done={what}", status_code=303)


def _refused(request: Request, session: SessionDep, locale: str, error: TailorError) -> Response:
    if status_of(error) not in (409, 422):
        raise error
    return _page(request, session, locale, status_of(error), problem=said(locale, error))


@router.post("/reps/duplicates/{candidate_id}/merge", name="rep_merge")
def merge(
    request: Request, candidate_id: Id, session: SessionDep, rep: Rep, form: CsrfForm, locale: Locale
) -> Response:
    """Merge a pending pair into the survivor the reviewer chose (form field `survivor`: one of the pair's ids)."""
    pair = pending_pair(session=session, candidate_id=candidate_id)
    if pair is None:
        raise NotFoundError("no duplicate candidate {candidate}", candidate=candidate_id)
    chosen = str(form.get("survivor") or "")
    try:
        if chosen not in (str(pair.left_id), str(pair.right_id)):
            raise TailorError("survivor: choose one of the two records")
        if pair.status != "pending":
            raise ConflictError("candidate {candidate} is already {status}", candidate=candidate_id, status=pair.status)
        survivor = int(chosen)
        merged = pair.right_id if survivor == pair.left_id else pair.left_id
        merge_customers(session=session, survivor_id=survivor, merged_id=merged, by=rep.email)
    except TailorError as error:
        return _refused(request, session, locale, error)
    return _done(request, "merged")


@router.post("/reps/duplicates/{candidate_id}/reject", name="rep_reject_pair")
def reject(
    request: Request, candidate_id: Id, session: SessionDep, rep: Rep, form: CsrfForm, locale: Locale
) -> Response:
    """Two different customers after all: the pair leaves the queue and is not asked again."""
    try:
        reject_pair(session=session, candidate_id=candidate_id, by=rep.email)
    except TailorError as error:
        if isinstance(error, NotFoundError):
            raise
        return _refused(request, session, locale, error)
    return _done(request, "rejected")


@router.post("/reps/merges/{merge_id}/undo", name="rep_undo_merge")
def undo(request: Request, merge_id: Id, session: SessionDep, rep: Rep, form: CsrfForm, locale: Locale) -> Response:
    """Undo a merge: everything moved goes back, and the pair returns to the queue."""
    try:
        undo_merge(session=session, merge_id=merge_id, by=rep.email)
    except TailorError as error:
        if isinstance(error, NotFoundError):
            raise
        return _refused(request, session, locale, error)
    return _done(request, "undone")
