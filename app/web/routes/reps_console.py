"""The reps' console around the customer 360: search by any identifier or name, the timeline filtered
(an htmx fragment), logging a contact or a complaint with its cost, and closing a complaint
(reps, sales managers and admins: 401 for nobody, 403 for another role)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import TailorError
from app.services.customers.complaints import close_complaint, log_contact
from app.services.customers.search import LONGEST_QUERY, search_customers
from app.web.deps import CsrfForm, Locale, Rep, SessionDep
from app.web.errors import status_of
from app.web.i18n import said
from app.web.pages import render
from app.web.routes.reps import customer_page_of

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
LOG_FIELDS = ("what", "summary", "cost", "complaint", "owner")
CLOSE_FIELDS = ("resolution", "satisfaction")


@router.get("/reps/search", name="rep_search", response_class=HTMLResponse)
def search(request: Request, session: SessionDep, rep: Rep, locale: Locale,
           q: Annotated[str, Query(max_length=LONGEST_QUERY)] = "") -> Response:  # fmt: skip
    """Customers found by e-mail, phone (any format), loyalty card, account, name (fuzzy) or company."""
    hits = search_customers(session=session, query=q)
    return render(request, "reps/search.html", {"q": q, "hits": hits, "locale": locale}, fragment="results")


@router.get("/reps/customers/{customer_id}/timeline", name="rep_timeline", response_class=HTMLResponse)
def timeline(request: Request, customer_id: Id, session: SessionDep, rep: Rep, locale: Locale) -> Response:
    """The 360's timeline filtered by `channel` and `kind` (the fragment for htmx, else the whole 360)."""
    return customer_page_of(request, session, customer_id, locale, fragment="timeline")


@router.post("/reps/customers/{customer_id}/contacts", name="rep_log_contact")
def log(request: Request, customer_id: Id, session: SessionDep, rep: Rep, form: CsrfForm, locale: Locale) -> Response:
    """Log a call, visit, e-mail or chat, or a complaint, with its cost; back to the 360's timeline."""
    values = {key: str(form.get(key) or "").strip()[:2100] for key in LOG_FIELDS}
    try:
        log_contact(session=session, customer_id=customer_id, what=values["what"], summary=values["summary"],
                    cost_minor=minor_units(values["cost"]), by=rep.email, complaint=values["complaint"] == "1",
                    owner=values["owner"] or None)  # fmt: skip
    except TailorError as error:
        if status_of(error) != 422:
            raise
        return customer_page_of(request, session, customer_id, locale, 422, log_problem=said(locale, error),
                                log_form=values)  # fmt: skip
    url = request.url_for("rep_customer", customer_id=customer_id)
    return RedirectResponse(f"{url}?logged=1#timeline", status_code=303)


@router.post("/reps/customers/{customer_id}/complaints/{interaction_id}/close", name="rep_close_complaint")
def close(request: Request, customer_id: Id, interaction_id: Id, session: SessionDep, rep: Rep, form: CsrfForm,
          locale: Locale) -> Response:  # fmt: skip
    """Resolve an open complaint with its resolution and the customer's satisfaction (1 to 5)."""
    values = {key: str(form.get(key) or "").strip()[:2100] for key in CLOSE_FIELDS}
    try:
        score = values["satisfaction"]
        if score and score not in {"1", "2", "3", "4", "5"}:
            raise TailorError("satisfaction: 1 to 5")
        close_complaint(session=session, interaction_id=interaction_id, customer_id=customer_id,
                        resolution=values["resolution"], satisfaction=int(score) if score else None)  # fmt: skip
    except TailorError as error:
        if status_of(error) != 422:
            raise
        return customer_page_of(request, session, customer_id, locale, 422,
                                close_problem=(interaction_id, said(locale, error)))  # fmt: skip
    url = request.url_for("rep_customer", customer_id=customer_id)
    return RedirectResponse(f"{url}?closed=1#complaints", status_code=303)


def minor_units(text: str) -> int:
    """'12.50' or '12,50' (euros) as 1250 minor units; empty is 0 (422 naming the field otherwise)."""
    if not text:
        return 0
    try:
        amount = Decimal(text.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise TailorError("cost: '{text}' is not an amount (like 12.50)", text=text[:20]) from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise TailorError("cost: '{text}' is not an amount (like 12.50)", text=text[:20])
    return int(amount * 100)
