"""The configurator page: one product, its modules as steps, valid options live, conflicts with repairs.

A plain GET form that works without JavaScript (each change submits it); htmx, when present,
swaps only the `configurator` block on change and keeps the URL in step, so the address is
always the configuration (shareable, resumable).
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.catalog.text import localize
from app.models import Customer, SavedConfiguration
from app.pricing.money import format_money
from app.services.configurator import PageState, configure, product_of
from app.services.journeys import note
from app.services.one_to_one import Known, customer_context, known_choices
from app.services.saved import draft_of, keep_draft
from app.web.deps import SessionDep, known_customer, published_catalog, signed_in_customer
from app.web.forms import choice_pairs, query_of
from app.web.i18n import BABEL_LOCALE, request_locale, say
from app.web.pages import render
from app.web.security import csrf_token, remember_visitor, visitor_or_new

router = APIRouter()


@router.get("/configure/{catalog_id}/{product_id}", response_class=HTMLResponse, name="configure",
            include_in_schema=False)  # fmt: skip
def configure_page(request: Request, catalog_id: str, product_id: str, session: SessionDep) -> Response:
    """The configurator (full page, or its `configurator` block for htmx).

    For a signed-in customer who allows personalisation, a fresh configurator (no choice in the
    address yet) starts from their needs profile, each prefilled choice saying where it came
    from; their tier and region decide what they are eligible for.
    """
    locale = request_locale(request)
    catalog = published_catalog(catalog_id)
    items = request.query_params.multi_items()
    customer = known_customer(request, session)
    known: dict[str, Known] = {}
    about: dict[str, str] = {}
    stopped: SavedConfiguration | None = None
    fresh = True
    if customer is not None:
        about = customer_context(session=session, customer=customer)
        product = product_of(catalog, product_id)
        fresh = not any(key in product.attribute_index for key, _ in items)
        if fresh:
            known = known_choices(session=session, customer=customer, product=product)
            items = items + choice_pairs({a: k.choice for a, k in known.items()})
            stopped = draft_of(session=session, customer_id=int(customer.id or 0), product_id=product_id,
                               catalog_id=catalog.id)  # fmt: skip
    state = configure(catalog, product_id, items, date.today(), about, locale)
    visitor = visitor_or_new(request)
    if customer is not None:
        _note_events(session, customer, state)
        if not fresh and not state.problems:
            keep_draft(session=session, catalog=catalog, product_id=product_id, choices=state.choices,
                       customer_id=int(customer.id or 0))  # fmt: skip
    sources = {attribute: _source(k, locale) for attribute, k in known.items()}
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    context: dict[str, object] = {"state": state, "locale": locale, "query_of": query_of, "csrf": csrf_token(visitor),
               "sources": sources, "customer": customer, "here_url": here,
               "recognised": customer is not None and signed_in_customer(request, session) is None,
               "recognise_outcome": request.query_params.get("_recognise", ""),
               "stopped": stopped if stopped is not None and stopped.choices != state.choices else None}  # fmt: skip
    response = render(request, "configure.html", context, fragment="configurator")
    remember_visitor(request, response, visitor)
    return response


def _source(known: Known, locale: str) -> str:
    """Where a prefilled choice came from, in the page's language."""
    message, place, day = known.wording
    return say(locale, message, place=place, day=format_date(day, "long", locale=BABEL_LOCALE.get(locale, locale)))


def _note_events(session: Session, customer: Customer, state: PageState) -> None:
    """Put the session on the customer's timeline: the start, each conflict met, each complete price shown."""
    label = localize(state.product.label, "en") or state.product.id
    note(session=session, customer=customer, product_id=state.product.id, event="started",
         summary=f"Started configuring {label}")  # fmt: skip
    if state.answer.conflict is not None:
        met = state.answer.conflict.rules
        rules = ", ".join(rule.rule or "structure" for rule in met)
        summary = f"Met a conflict configuring {label}: " + " ".join(rule.message for rule in met)
        note(session=session, customer=customer, product_id=state.product.id, event="conflict", detail=rules,
             summary=summary)  # fmt: skip
    elif state.breakdown is not None and not state.missing:
        total = format_money(state.breakdown.total, state.breakdown.currency, "en")
        note(session=session, customer=customer, product_id=state.product.id, event="priced", detail=total,
             summary=f"Priced {label}: {total}")  # fmt: skip
