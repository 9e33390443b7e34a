"""The sales reps' side: open quote requests to pick up, and a customer's timeline (reps only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import TailorError
from app.models import Customer, Interaction
from app.models.base import utcnow
from app.services.journeys import abandoned
from app.services.quotes import open_quote_requests
from app.services.saved import draft_of
from app.services.timeline import timeline
from app.web.deps import SessionDep, require_role
from app.web.i18n import request_locale
from app.web.pages import render
from app.web.security import check_csrf, csrf_token, visitor_or_new

router = APIRouter(include_in_schema=False)


REPS = ("rep", "admin")
"""The roles that see the reps' pages."""


@router.get("/reps/quotes", name="rep_quotes", response_class=HTMLResponse)
def quotes(request: Request, session: SessionDep) -> Response:
    """Quote requests nobody has picked up yet, oldest first."""
    require_role(request, session, REPS)
    queue = open_quote_requests(session=session)
    names = {i.customer_id: (session.get(Customer, i.customer_id) or Customer(name="?")).name for i in queue}
    context = {"queue": queue, "names": names, "locale": request_locale(request),
               "csrf": csrf_token(visitor_or_new(request))}  # fmt: skip
    return render(request, "rep_quotes.html", context)


@router.post("/reps/quotes/{interaction_id}/pick", name="rep_pick")
async def pick(request: Request, interaction_id: int, session: SessionDep) -> Response:
    """Take a quote request: it leaves the queue, with who took it."""
    form = await request.form()
    check_csrf(request, str(form.get("_csrf") or ""))
    rep = require_role(request, session, REPS)
    request_row = session.get(Interaction, interaction_id)
    if request_row is None or request_row.kind != "quote_request":
        raise TailorError("no quote request {number}", 404, number=interaction_id)
    request_row.resolved_at = utcnow()
    request_row.resolution = f"picked up by {rep.email}"
    session.commit()
    return RedirectResponse(request.url_for("rep_customer", customer_id=request_row.customer_id), status_code=303)


@router.get("/reps/customers/{customer_id}", name="rep_customer", response_class=HTMLResponse)
def customer_page(request: Request, customer_id: int, session: SessionDep) -> Response:
    """One customer's timeline, newest first, and what they left unfinished (with where they stopped), so
    a rep picks up where the customer stopped."""
    require_role(request, session, REPS)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise TailorError("no customer {number}", 404, number=customer_id)
    unfinished = [
        (start, draft_of(session=session, customer_id=customer_id, product_id=str(start.links.get("product"))))
        for start in abandoned(session=session, customer_id=customer_id)
    ]
    context = {"customer": customer, "events": timeline(session=session, customer_id=customer_id),
               "unfinished": unfinished, "locale": request_locale(request)}  # fmt: skip
    return render(request, "rep_customer.html", context)
