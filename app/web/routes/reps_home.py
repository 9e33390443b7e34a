"""The reps' home: quote requests waiting (oldest and most valuable first) and those picked up lately with
who took each, the rep's quotes by status, approvals waiting (for sales managers and admins), and valuable
customers with an unfinished draft who may be contacted (reps, sales managers and admins: 401 for nobody,
403 for another role)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.routing import NoMatchFound

from app.services.customers.home import valuable_with_drafts
from app.services.quotes.home import approvals_for, my_quotes, picked_lately, waiting_requests
from app.services.quotes.store import MANAGERS
from app.web.deps import Locale, Rep, SessionDep
from app.web.pages import render
from app.web.security import csrf_token, visitor_or_new

router = APIRouter(include_in_schema=False)


@router.get("/reps", name="rep_home", response_class=HTMLResponse)
def rep_home(request: Request, session: SessionDep, rep: Rep, locale: Locale) -> Response:
    """A rep's day at a glance: what waits for them, who took what, and whom to call."""
    waiting, total = waiting_requests(session=session)
    me = int(rep.id or 0)
    approvals = approvals_for(session=session, account_id=me) if rep.role in MANAGERS else None
    context = {"waiting": waiting, "waiting_total": total, "picked": picked_lately(session=session),
               "leads": valuable_with_drafts(session=session), "rep": rep, "locale": locale,
               "mine": my_quotes(session=session, account_id=me), "approvals": approvals,
               "quote_url": lambda quote_id: _path(request, "rep_quote", f"/reps/quotes/{quote_id}", quote_id=quote_id),
               "approvals_url": _path(request, "rep_approvals", "/reps/approvals"),
               "my_quotes_url": _path(request, "rep_my_quotes", ""),
               "csrf": csrf_token(request, visitor_or_new(request))}  # fmt: skip
    return render(request, "reps/home.html", context)


def _path(request: Request, name: str, otherwise: str, **params: object) -> str:
    """The path of the route `name`; `otherwise` while that page is not served yet (the quote pages)."""
    try:
        return str(request.url_for(name, **params).path)
    except NoMatchFound:
        return otherwise
