"""A rep's quotes: open one for a customer, configure its lines in the customer's configurator on their
behalf, set quantities, discounts, validity and terms, and read the totals, margin and authority verdict.

Reps, sales managers and admins only (401 for nobody, 403 for another role). Every rep reads every
quote; only its owner, a sales manager or an admin changes it (403 otherwise). Every change posts the
quote's `version` as the rep saw it (409 from a stale copy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import ForbiddenError, TailorError
from app.services.catalogs.shelf import published_catalog, published_shelf
from app.services.configurator.flow import open_configurator
from app.services.context import customer_context
from app.services.quotes.listing import quotes_by_status
from app.services.quotes.priced import priced_quote
from app.services.quotes.store import (
    add_line,
    change_line,
    change_terms,
    create_quote,
    customer_of,
    may_change,
    quote_of,
    read_int,
    remove_line,
)
from app.web.deps import CsrfForm, Locale, Rep, SessionDep
from app.web.errors import status_of
from app.web.forms import posted_choices, query_of
from app.web.i18n import said
from app.web.pages import render, render_form
from app.web.routes.configure import _source
from app.web.views.configurator import configurator_view
from app.web.views.quote import line_rows
from app.web.views.quote_panels import PANELS

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Key = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Ident = Annotated[str, Path(min_length=1, max_length=100)]


def _number(value: object) -> int | None:
    """An optional id posted by a form (None when empty or not one)."""
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 12 else None


def _version(form: Any) -> int:
    text = str(form.get("version") or "")
    if not text.isdigit() or len(text) > 9:
        raise TailorError("this form is missing its version: reload the page and try again")
    return int(text)


def quote_page(
    request: Request, session: SessionDep, quote: Any, me: Any, locale: str, *, status: int = 200,
    problem: str | None = None, where: str = "", form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    """The quote page (a refused change: at `status` with the `problem` shown at `where`, the input kept)."""
    priced = priced_quote(session=session, quote=quote)
    customer = customer_of(session=session, quote=quote)
    panels: dict[str, Any] = {}
    for panel in PANELS:
        panels.update(panel(session=session, quote=quote, priced=priced, me=me))
    context = {"quote": quote, "priced": priced, "lines": line_rows(priced=priced, locale=locale),
               "customer": customer, "me": me, "locale": locale, "may_change": _may(quote, me),
               "problem": problem, "where": where, "form": form or {},
               "catalogs": published_shelf(session=session).catalogs, **panels}  # fmt: skip
    return render_form(request, "reps/quote.html", context, status_code=status)


def _may(quote: Any, me: Any) -> bool:
    try:
        may_change(quote, me)
    except ForbiddenError:
        return False
    return True


def _changed(request: Request, session: SessionDep, quote_id: int, rep: Any, locale: str, where: str,
             form: dict[str, str], change: Callable[[], object]) -> Response:  # fmt: skip
    """Run `change`; back to the quote page, or the page again with the problem at `where` (422/409)."""
    try:
        change()
    except TailorError as error:
        if status_of(error) not in (409, 422):
            raise
        quote = quote_of(session=session, quote_id=quote_id)
        return quote_page(request, session, quote, rep, locale, status=status_of(error), problem=said(locale, error),
                          where=where, form=form)  # fmt: skip
    return RedirectResponse(str(request.url_for("rep_quote", quote_id=quote_id)) + f"#{where}", status_code=303)


@router.post("/reps/customers/{customer_id}/quotes", name="rep_quote_new")
def new_quote(request: Request, customer_id: Id, session: SessionDep, rep: Rep, form: CsrfForm) -> Response:
    """Open a draft quote for the customer (a company's: for the contact chosen); to its page, or (a next-best
    offer quoted) to the customer's configurator of that product on their behalf."""
    contact, request_id = (_number(form.get(name)) for name in ("contact", "request"))
    quote = create_quote(session=session, customer_id=customer_id, owner=rep, contact_id=contact,
                         request_id=request_id)  # fmt: skip
    catalog_id, product_id = (str(form.get(name) or "")[:100] for name in ("then_catalog", "then_product"))
    if catalog_id and product_id:  # a next-best offer: straight to the customer's configurator on their behalf
        where = request.url_for("rep_quote_configure", quote_id=quote.id, catalog_id=catalog_id, product_id=product_id)
        query = str(form.get("then_query") or "")[:500]
        return RedirectResponse(f"{where}?{query}" if query else str(where), status_code=303)
    return RedirectResponse(request.url_for("rep_quote", quote_id=quote.id), status_code=303)


@router.get("/reps/quotes/{quote_id}", name="rep_quote", response_class=HTMLResponse)
def quote_view(request: Request, quote_id: Id, session: SessionDep, rep: Rep, locale: Locale) -> Response:
    """The quote: its lines with their money, totals, margin, the authority verdict and what can be done next."""
    return quote_page(request, session, quote_of(session=session, quote_id=quote_id), rep, locale)


@router.get("/reps/quotes/{quote_id}/configure/{catalog_id}/{product_id}", name="rep_quote_configure",
            response_class=HTMLResponse)  # fmt: skip
def configure_for(request: Request, quote_id: Id, catalog_id: Ident, product_id: Ident, session: SessionDep,
                  rep: Rep, locale: Locale) -> Response:  # fmt: skip
    """The customer's configurator, on their behalf: their context (tier, region, segment) decides what is
    valid and the prices, and a fresh one starts from the needs they allowed us to use, each with its source."""
    quote = quote_of(session=session, quote_id=quote_id)
    customer = customer_of(session=session, quote=quote)
    catalog = published_catalog(session=session, catalog_id=catalog_id)
    context = customer_context(session=session, customer=customer, channel=quote.channel)
    items = request.query_params.multi_items()
    opened = open_configurator(session=session, catalog=catalog, product_id=product_id, customer=customer,
                               items=items, context=context, locale=locale)  # fmt: skip
    here = request.url.path
    sources = {attribute: _source(k, locale) for attribute, k in opened.known.items()}
    line = request.query_params.get("_line", "")[:64]
    quantity = request.query_params.get("_quantity", "1")[:6]
    on_behalf = {"quote": quote, "here": here, "line": line, "quantity": quantity, "context": dict(context.values),
                 "may_change": _may(quote, rep)}  # fmt: skip
    view_context: dict[str, object] = {
        "state": opened.state, "locale": locale, "query_of": query_of, "customer": customer, "here_url": here,
        "sources": sources, "recognised": False, "recognise_outcome": "", "fresh": opened.fresh, "stopped": None,
        "view": configurator_view(opened.state, locale, sources), "on_behalf": on_behalf,
    }  # fmt: skip
    return render_form(request, "configure.html", view_context, fragment="configurator")


@router.post("/reps/quotes/{quote_id}/lines", name="rep_quote_add")
def add(request: Request, quote_id: Id, session: SessionDep, rep: Rep, form: CsrfForm, locale: Locale) -> Response:
    """Add the configuration (or change the configuration of line `_line`) with its quantity; to the quote."""
    catalog_id = str(form.get("_catalog") or "")[:100]
    product_id = str(form.get("_product") or "")[:100]
    line = str(form.get("_line") or "")[:64] or None
    quantity = str(form.get("_quantity") or "1").strip()

    def change() -> None:
        catalog = published_catalog(session=session, catalog_id=catalog_id)
        product = catalog.product(product_id)
        choices = posted_choices(product, [(k, v) for k, v in form.multi_items() if not k.startswith("_")], locale)
        add_line(session=session, quote_id=quote_id, version=_version(form), actor=rep, catalog_id=catalog_id,
                 product_id=product_id, choices=choices, quantity=read_int("quantity", quantity), key=line)  # fmt: skip

    return _changed(request, session, quote_id, rep, locale, "lines", {"quantity": quantity}, change)


@router.post("/reps/quotes/{quote_id}/lines/{key}", name="rep_quote_line")
def line(request: Request, quote_id: Id, key: Key, session: SessionDep, rep: Rep, form: CsrfForm,
         locale: Locale) -> Response:  # fmt: skip
    """Set a line's quantity and its discount (a percent or an amount per unit)."""
    values = {name: str(form.get(name) or "")[:20] for name in ("quantity", "discount_percent", "discount_per_unit")}

    def change() -> None:
        change_line(session=session, quote_id=quote_id, version=_version(form), actor=rep, key=key,
                    quantity=values["quantity"], discount_percent=values["discount_percent"],
                    discount_per_unit=values["discount_per_unit"])  # fmt: skip

    return _changed(request, session, quote_id, rep, locale, f"line-{key}", {"line": key, **values}, change)


@router.post("/reps/quotes/{quote_id}/lines/{key}/remove", name="rep_quote_line_remove")
def remove(request: Request, quote_id: Id, key: Key, session: SessionDep, rep: Rep, form: CsrfForm,
           locale: Locale) -> Response:  # fmt: skip
    """Take a line off the quote."""
    return _changed(request, session, quote_id, rep, locale, "lines", {},
                    lambda: remove_line(session=session, quote_id=quote_id, version=_version(form), actor=rep,
                                        key=key))  # fmt: skip


@router.post("/reps/quotes/{quote_id}/terms", name="rep_quote_terms")
def terms(request: Request, quote_id: Id, session: SessionDep, rep: Rep, form: CsrfForm, locale: Locale) -> Response:
    """Set the quote discount, the last valid day and the terms."""
    limits = {"discount_percent": 20, "valid_until": 20, "terms": 2100}
    values = {name: str(form.get(name) or "")[:most] for name, most in limits.items()}

    def change() -> None:
        change_terms(session=session, quote_id=quote_id, version=_version(form), actor=rep,
                     discount_percent=values["discount_percent"], valid_until=values["valid_until"],
                     terms=values["terms"])  # fmt: skip

    return _changed(request, session, quote_id, rep, locale, "terms", values, change)


@router.get("/reps/my-quotes", name="rep_my_quotes", response_class=HTMLResponse)
def my_quotes(request: Request, session: SessionDep, rep: Rep, locale: Locale) -> Response:
    """The signed-in rep's quotes by status (a manager: everyone's), newest first."""
    groups = quotes_by_status(session=session, owner=None if rep.role in ("sales_manager", "admin") else rep)
    return render(request, "reps/my_quotes.html", {"groups": groups, "locale": locale, "me": rep})
