"""A quote's revisions from the reps' console: revise a sent quote, compare two revisions side by side,
and requote a quote a newer catalog version flagged (every rep reads; the owner or a manager changes)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import TailorError
from app.services.quotes.priced import priced_quote
from app.services.quotes.revisions import requote, revise_quote
from app.services.quotes.store import quote_of, read_int
from app.web.deps import CsrfForm, Locale, Rep, SessionDep
from app.web.errors import status_of
from app.web.i18n import said
from app.web.pages import render_form
from app.web.views.quote_revisions import comparison, panel

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Revision = Annotated[int | None, Query(ge=1, le=10**6)]


def _quote_page(quote_id: int) -> str:
    return f"/reps/quotes/{quote_id}"


def _page(request: Request, session: SessionDep, rep: Rep, locale: str, quote_id: int, a: int | None = None,
          b: int | None = None, status: int = 200, **extra: Any) -> Response:  # fmt: skip
    quote = quote_of(session=session, quote_id=quote_id)
    after = b or quote.revision
    before = a or max(1, after - 1)
    compared = comparison(session=session, root_id=int(quote.root_id or quote.id or 0), a=before, b=after,
                          locale=locale)  # fmt: skip
    priced = priced_quote(session=session, quote=quote)
    context = {"quote": quote, "compared": compared, "locale": locale, "me": rep, "quote_page": _quote_page(quote_id),
               "problem": None, **panel(session=session, quote=quote, priced=priced, me=rep, locale=locale),
               **extra}  # fmt: skip
    return render_form(request, "reps/quotes/revisions.html", context, status_code=status)


@router.get("/reps/quotes/{quote_id}/revisions", name="rep_quote_revisions", response_class=HTMLResponse)
def revisions(request: Request, quote_id: Id, session: SessionDep, rep: Rep, locale: Locale, a: Revision = None,
              b: Revision = None) -> Response:  # fmt: skip
    """Two revisions of the quote side by side (`a` and `b`: revision numbers; by default this one and the one
    before it): lines added, removed or changed, choices, quantities, prices, discounts, and the totals that moved."""
    return _page(request, session, rep, locale, quote_id, a, b)


def _version(form: Any) -> int:
    return read_int("version", str(form.get("version") or ""), least=1, most=2**31 - 1)


def _refused(request: Request, session: SessionDep, rep: Rep, locale: str, quote_id: int,
             error: TailorError) -> Response:  # fmt: skip
    if status_of(error) not in (409, 422):
        raise error
    return _page(request, session, rep, locale, quote_id, status=status_of(error), problem=said(locale, error))


@router.post("/reps/quotes/{quote_id}/revise", name="rep_quote_revise")
def revise(request: Request, quote_id: Id, session: SessionDep, rep: Rep, form: CsrfForm, locale: Locale) -> Response:
    """Make a new draft revision of a sent quote (field `version`: the version seen); to the new revision's page."""
    try:
        revision = revise_quote(session=session, quote_id=quote_id, version=_version(form), actor=rep)
    except TailorError as error:
        return _refused(request, session, rep, locale, quote_id, error)
    return RedirectResponse(_quote_page(int(revision.id or 0)), status_code=303)


@router.post("/reps/quotes/{quote_id}/requote", name="rep_quote_requote")
def requote_quote(request: Request, quote_id: Id, session: SessionDep, rep: Rep, form: CsrfForm,
                  locale: Locale) -> Response:  # fmt: skip
    """Price the lines kept on an older catalog version again on the one in force (field `version`; `repair`
    "0" refuses a broken line instead of taking its nearest repair); a sent quote is revised first."""
    try:
        repair = str(form.get("repair") or "1")
        if repair not in ("0", "1"):
            raise TailorError("repair: 0 or 1")
        done = requote(session=session, quote_id=quote_id, version=_version(form), actor=rep, repair=repair == "1")
    except TailorError as error:
        return _refused(request, session, rep, locale, quote_id, error)
    return RedirectResponse(_quote_page(int(done.id or 0)), status_code=303)
