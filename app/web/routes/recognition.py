"""Recognition without signing in: "it's me" with an e-mail or loyalty card, proven by a link that
Tailor e-mails to the address it holds for that customer.

Asking answers the same whether or not the identifier is known. The link opens a page whose
button (a POST) lets this browser stand for the customer for a day (a revocable server-side
session); "not you?" ends it.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import TailorError
from app.services.accounts.web_sessions import LIFETIME, end_session, switch_session
from app.services.customers.recognition import confirm_recognition, request_recognition
from app.web.deps import CsrfForm, Locale, SessionDep, visit_of
from app.web.pages import render_form
from app.web.security import clear_session_cookie, client_address, session_token, set_session_cookie

router = APIRouter(include_in_schema=False)


def back_to(target: str) -> str:
    """`target` when it is a path on this site, else the home page (no open redirect)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target[:2000]


def _with(target: str, **values: str) -> str:
    parts = urlsplit(target)
    kept = "&".join(p for p in parts.query.split("&") if p and not p.startswith("_recognise="))
    query = "&".join(q for q in (kept, urlencode(values)) if q)
    return f"{parts.path}?{query}" if query else parts.path


@router.post("/recognise", name="recognise")
def recognise_post(request: Request, session: SessionDep, form: CsrfForm, locale: Locale) -> Response:
    """E-mail a link to the customer of this identifier (if any); back to the page saying to check the mailbox."""
    back = back_to(str(form.get("next") or "/"))
    try:
        request_recognition(session=session, identifier=str(form.get("identifier") or ""),
                            address=client_address(request), locale=locale, back=back)  # fmt: skip
    except TailorError:
        return RedirectResponse(_with(back, _recognise="failed"), status_code=303)
    return RedirectResponse(_with(back, _recognise="sent"), status_code=303)


@router.post("/recognise/forget", name="forget_recognised")
def forget(request: Request, session: SessionDep, form: CsrfForm) -> Response:
    """This browser no longer stands for the recognised customer (the session ends on the server)."""
    visit = visit_of(request)
    response = RedirectResponse(_with(back_to(str(form.get("next") or "/"))), status_code=303)
    if visit is not None and visit.kind == "recognised":
        end_session(session=session, token=session_token(request))
        clear_session_cookie(response)
    return response


@router.get("/recognise/{token}", name="recognise_link", response_class=HTMLResponse)
def recognise_page(request: Request, token: str, locale: Locale) -> Response:
    """The page a recognition link opens: one button makes this device stand for the customer."""
    context = {"locale": locale, "purpose": "recognise", "action": request.url.path,
               "next": back_to(request.query_params.get("next", "/"))}  # fmt: skip
    return render_form(request, "link_open.html", context)


@router.post("/recognise/{token}", name="recognise_link_post")
def recognise_link(request: Request, token: str, session: SessionDep, form: CsrfForm) -> Response:
    """This browser stands for the customer for a day (signed-in browsers keep their sign-in)."""
    customer = confirm_recognition(session=session, token=token)
    response = RedirectResponse(back_to(str(form.get("next") or "/")), status_code=303)
    visit = visit_of(request)
    if visit is not None and visit.kind == "account" and visit.customer_id == customer.id:
        return response
    made = switch_session(session=session, token=session_token(request), customer_id=int(customer.id or 0))
    set_session_cookie(request, response, made, int(LIFETIME["recognised"].total_seconds()))
    return response
