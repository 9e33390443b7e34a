"""The sales reps' side: open quote requests to pick up, a customer's timeline, and editing a customer
(reps and admins only: 401 for nobody, 403 for another role)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import TailorError
from app.services.customers.next_best import NextBest, next_best_offers
from app.services.customers.profile import customer_profile
from app.services.customers.records import CustomerUpdate, update_customer
from app.services.quotes.from_request import answer_request
from app.services.quotes.requests import customer_names, open_quote_requests
from app.services.quotes.store import quotes_of_customer
from app.web.deps import CsrfForm, Locale, Rep, SessionDep
from app.web.errors import status_of
from app.web.forms import query_of
from app.web.i18n import LOCALES, said
from app.web.pages import render
from app.web.security import csrf_token, visitor_or_new
from app.web.views.customer360 import consent_grid, contactable, tier_chart

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
LIMITS = {"name": 200, "given_name": 100, "family_name": 100}


@router.get("/reps/quotes", name="rep_quotes", response_class=HTMLResponse)
def quotes(request: Request, session: SessionDep, rep: Rep, locale: Locale) -> Response:
    """Quote requests nobody has picked up yet, oldest first."""
    queue = open_quote_requests(session=session)
    context = {"queue": queue, "names": customer_names(session=session, ids=[i.customer_id for i in queue]),
               "locale": locale, "csrf": csrf_token(request, visitor_or_new(request))}  # fmt: skip
    return render(request, "rep_quotes.html", context)


@router.post("/reps/quotes/{interaction_id}/pick", name="rep_pick")
def pick(request: Request, interaction_id: Id, session: SessionDep, rep: Rep, form: CsrfForm) -> Response:
    """Take a quote request: it leaves the queue, with who took it (409 when another rep already has it), and
    a quote opens for the customer with what they asked about as its first line (or, when that is no longer
    complete and valid, the customer's configurator on their behalf opens with it)."""
    answered = answer_request(session=session, interaction_id=interaction_id, rep=rep)
    quote, asked = answered.quote, answered.asked
    if asked is None:
        return RedirectResponse(request.url_for("rep_quote", quote_id=quote.id), status_code=303)
    where = request.url_for("rep_quote_configure", quote_id=quote.id, catalog_id=asked.catalog_id,
                            product_id=asked.product_id)  # fmt: skip
    return RedirectResponse(f"{where}?{query_of(asked.choices)}", status_code=303)


def customer_page_of(request: Request, session: SessionDep, customer_id: int, locale: str, status: int = 200,
                     fragment: str = "content", **extra: Any) -> Response:  # fmt: skip
    """The 360 of one customer (the timeline filtered by the `channel` and `kind` query parameters)."""
    channel, kind = (request.query_params.get(name, "")[:32] for name in ("channel", "kind"))
    found = customer_profile(session=session, customer_id=customer_id, channel=channel, kind=kind)
    grid = consent_grid(found.consents)
    context = {"customer": found.customer, "profile": found, "events": found.events, "unfinished": found.unfinished,
               "chart": tier_chart(found.value.history), "consent_grid": grid, "contactable": contactable(grid),
               "filters": {"channel": channel, "kind": kind}, "locale": locale,
               "next_best": _next_best(request, int(found.customer.id or 0), session, fragment),
               "csrf": csrf_token(request, visitor_or_new(request)), "locales": LOCALES, "limits": LIMITS,
               "problem": None, "form": {}, "log_problem": None, "log_form": {},
               "quotes": quotes_of_customer(session=session, customer_id=found.customer.id or 0), **extra}  # fmt: skip
    return render(request, "rep_customer.html", context, status_code=status, fragment=fragment)


def _next_best(request: Request, customer_id: int, session: SessionDep, fragment: str) -> NextBest:
    """The 360's offers; none read for an htmx fragment that does not show them (the timeline's filters)."""
    if fragment != "content" and request.headers.get("HX-Request"):
        return NextBest()
    return next_best_offers(session=session, customer_id=customer_id)


@router.get("/reps/customers/{customer_id}", name="rep_customer", response_class=HTMLResponse)
def customer_page(request: Request, customer_id: Id, session: SessionDep, rep: Rep, locale: Locale) -> Response:
    """One customer's timeline, newest first, and what they left unfinished (with where they stopped), so
    a rep picks up where the customer stopped; and the form to correct their details."""
    return customer_page_of(request, session, customer_id, locale)


@router.post("/reps/customers/{customer_id}", name="rep_customer_edit")
def edit_customer(
    request: Request, customer_id: Id, session: SessionDep, rep: Rep, form: CsrfForm, locale: Locale
) -> Response:
    """Correct a customer's details from the copy the rep saw (409 when someone changed them meanwhile)."""
    values = {key: str(form.get(key) or "").strip() for key in ("name", "given_name", "family_name", "locale",
                                                                "date_of_birth", "version")}  # fmt: skip
    try:
        update_customer(session=session, customer_id=customer_id, change=_change(values))
    except TailorError as error:
        if status_of(error) not in (409, 422):
            raise
        return customer_page_of(request, session, customer_id, locale, status_of(error),
                              problem=said(locale, error), form=values)  # fmt: skip
    return RedirectResponse(str(request.url_for("rep_customer", customer_id=customer_id)) + "?saved=1", status_code=303)


def _change(values: dict[str, str]) -> CustomerUpdate:
    """The posted details as a change from the version the rep saw (422 naming the field)."""
    if not values["version"].isdigit() or len(values["version"]) > 9:
        raise TailorError("this form is missing its version: reload the page and try again")
    if not values["name"]:
        raise TailorError("name: a customer needs a name")
    for field, most in LIMITS.items():
        if len(values[field]) > most:
            raise TailorError("{field}: at most {count} characters", field=field.replace("_", " "), count=most)
    if values["locale"] and values["locale"] not in LOCALES:
        raise TailorError("language: choose one of {languages}", languages=", ".join(LOCALES))
    born = None
    if values["date_of_birth"]:
        try:
            born = date.fromisoformat(values["date_of_birth"])
        except ValueError:
            raise TailorError("date of birth: '{text}' is not a date (YYYY-MM-DD)",
                              text=values["date_of_birth"][:20]) from None  # fmt: skip
        if not date(1900, 1, 1) <= born <= date.today():
            raise TailorError("date of birth: {day} is not a plausible date of birth", day=born.isoformat())
    return CustomerUpdate(version=int(values["version"]), name=values["name"], given_name=values["given_name"] or None,
                          family_name=values["family_name"] or None, locale=values["locale"] or None,
                          date_of_birth=born)  # fmt: skip
