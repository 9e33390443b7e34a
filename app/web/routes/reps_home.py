"""The reps' home: quote requests waiting (oldest and most valuable first) and those picked up lately with
who took each, and valuable customers with an unfinished draft who may be contacted (reps, sales managers
and admins: 401 for nobody, 403 for another role)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.services.customers.home import valuable_with_drafts
from app.services.quotes.home import picked_lately, waiting_requests
from app.web.deps import Locale, Rep, SessionDep
from app.web.pages import render
from app.web.security import csrf_token, visitor_or_new

router = APIRouter(include_in_schema=False)


@router.get("/reps", name="rep_home", response_class=HTMLResponse)
def rep_home(request: Request, session: SessionDep, rep: Rep, locale: Locale) -> Response:
    """A rep's day at a glance: what waits for them, who took what, and whom to call."""
    waiting, total = waiting_requests(session=session)
    context = {"waiting": waiting, "waiting_total": total, "picked": picked_lately(session=session),
               "leads": valuable_with_drafts(session=session), "rep": rep, "locale": locale,
               "csrf": csrf_token(request, visitor_or_new(request))}  # fmt: skip
    return render(request, "reps/home.html", context)
