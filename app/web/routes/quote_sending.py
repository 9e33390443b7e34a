"""Sending a quote and the customer's answer.

Reps: POST /reps/quotes/{id}/send sends it (the owner, a sales manager or an admin: another rep gets 403);
GET /reps/quotes/{id}/pdf downloads its PDF (every rep reads every quote). The customer: GET
/quotes/{token} shows the quote as a page in their language, with buttons to accept or reject it.
No sign-in is needed there: the 256-bit token in the link is the key, so whoever holds the link (even
while signed in as someone else) may answer; guessing one is hopeless, and an unknown token gets the
same 404 as any missing page. The page sends no Referer, so the token never leaves for another site,
and the access log writes `/quotes/[private]`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.config import get_settings
from app.errors import NotFoundError, TailorError
from app.i18n import LOCALES
from app.services.quotes.answers import REASON_LENGTH, accept_quote, link_state, open_by_token, order_of, reject_quote
from app.services.quotes.pdf import quote_body, quote_pdf
from app.services.quotes.sending import pdf_filename, quote_document_of, send_quote
from app.services.quotes.store import quote_of, read_int
from app.web.deps import CsrfForm, Locale, Rep, SessionDep
from app.web.errors import status_of
from app.web.i18n import said
from app.web.pages import render
from app.web.security import csrf_token, remember_visitor, visitor_or_new

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
NO_REFERRER = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


@router.post("/reps/quotes/{quote_id}/send", name="rep_quote_send", response_class=HTMLResponse)
def send(request: Request, quote_id: Id, session: SessionDep, rep: Rep, form: CsrfForm, locale: Locale) -> Response:
    """Send the quote (field `version`: the version seen): the page says whether it was e-mailed, or shows the
    link for the customer once."""
    quote_of(session=session, quote_id=quote_id)  # 404 before anything else
    try:
        version = read_int("version", str(form.get("version") or ""), least=1, most=2**31)
        sent = send_quote(session=session, quote_id=quote_id, version=version, actor=rep,
                          base_url=get_settings().public_url)  # fmt: skip
    except TailorError as error:
        if status_of(error) in (403, 404):
            raise
        context = {"quote": quote_of(session=session, quote_id=quote_id), "problem": said(locale, error),
                   "locale": locale, "sent": None}  # fmt: skip
        return render(request, "reps/quotes/sent.html", context, status_code=status_of(error))
    context = {"quote": sent.quote, "sent": sent, "problem": None, "locale": locale}
    response = render(request, "reps/quotes/sent.html", context)
    response.headers.update(NO_REFERRER)  # the page shows the customer's link
    return response


@router.get("/reps/quotes/{quote_id}/pdf", name="rep_quote_pdf")
def pdf(quote_id: Id, session: SessionDep, rep: Rep) -> Response:
    """The quote's PDF, as the customer gets it (every rep may read it)."""
    quote = quote_of(session=session, quote_id=quote_id)
    document = quote_document_of(session=session, quote=quote)
    headers = {"Content-Disposition": f'attachment; filename="{pdf_filename(quote)}"', "Cache-Control": "no-store"}
    return Response(quote_pdf(document), media_type="application/pdf", headers=headers)


def _page(request: Request, session: SessionDep, quote: Any, token: str, status: int = 200,
          problem: str | None = None) -> Response:  # fmt: skip
    """The customer's page of `quote` in their language (or the one asked for with ?lang=)."""
    asked = request.query_params.get("lang")
    document = quote_document_of(session=session, quote=quote, locale=asked if asked in LOCALES else None)
    order = order_of(session=session, quote=quote)
    visitor = visitor_or_new(request)
    context: dict[str, Any] = {
        "quote": quote, "document": document, "body": quote_body(document), "order": order, "token": token,
        "locale": document.locale, "problem": problem, "csrf": csrf_token(request, visitor),
        "reason_length": REASON_LENGTH, "state": link_state(quote),
    }  # fmt: skip
    response = render(request, "quote_link.html", context, status_code=status)
    response.headers.update(NO_REFERRER)
    remember_visitor(request, response, visitor)
    return response


@router.get("/quotes/{token}", name="quote_link", response_class=HTMLResponse)
def link(request: Request, token: str, session: SessionDep) -> Response:
    """The quote as a page: its lines, prices, discounts, payment plans, validity and terms, and the answer."""
    return _page(request, session, open_by_token(session=session, token=token), token)


@router.post("/quotes/{token}/accept", name="quote_accept")
def accept(request: Request, token: str, session: SessionDep, form: CsrfForm) -> Response:
    """Accept: the order is placed at the quoted prices and the page shows it."""
    try:
        accept_quote(session=session, token=token)
    except TailorError as error:
        return _refused(request, session, token, error)
    return RedirectResponse(_back(request, token), status_code=303, headers=NO_REFERRER)


@router.post("/quotes/{token}/reject", name="quote_reject")
def reject(request: Request, token: str, session: SessionDep, form: CsrfForm) -> Response:
    """Reject, optionally saying why (field `reason`)."""
    try:
        reject_quote(session=session, token=token, reason=str(form.get("reason") or ""))
    except TailorError as error:
        return _refused(request, session, token, error)
    return RedirectResponse(_back(request, token), status_code=303, headers=NO_REFERRER)


def _back(request: Request, token: str) -> str:
    return str(request.url_for("quote_link", token=token))


def _refused(request: Request, session: SessionDep, token: str, error: TailorError) -> Response:
    if isinstance(error, NotFoundError):
        raise error
    quote = open_by_token(session=session, token=token)
    session.refresh(quote)
    document_locale = quote_document_of(session=session, quote=quote).locale
    return _page(request, session, quote, token, status_of(error), said(document_locale, error))
