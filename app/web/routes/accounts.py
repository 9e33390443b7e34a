"""Sign up, sign in, sign out, and "my data": consents in plain words, editable, and the export."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import TailorError
from app.services.accounts import CONSENT_CHANNEL, CONSENT_WORDS, customer_of, sign_in, sign_up
from app.services.consent import allowed, record_consent
from app.services.privacy import export_customer
from app.web.deps import SessionDep
from app.web.i18n import gettext, request_locale, said
from app.web.pages import render
from app.web.security import (
    check_csrf,
    csrf_token,
    end_session,
    remember_visitor,
    session_account,
    start_session,
    visitor_or_new,
)

router = APIRouter(include_in_schema=False)


def _words(request: Request) -> dict[str, str]:
    """Each consent's sentence in the page's language (the words shown are the words recorded)."""
    locale = request_locale(request)
    return {purpose: gettext(locale, text) for purpose, text in CONSENT_WORDS.items()}


def _form_page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    visitor = visitor_or_new(request)
    values = {"locale": request_locale(request), "csrf": csrf_token(visitor), "words": _words(request), **context}
    response = render(request, template, values, status_code=status)
    remember_visitor(request, response, visitor)
    return response


@router.get("/signup", name="signup", response_class=HTMLResponse)
def signup_page(request: Request) -> Response:
    """The sign-up form, with each consent in plain words (none ticked in advance)."""
    return _form_page(request, "signup.html", problem=None, form={})


@router.post("/signup", name="signup_post")
async def signup(request: Request, session: SessionDep) -> Response:
    """Create the account and sign in; a problem comes back on the form (422 or 409)."""
    form = await request.form()
    values = {key: str(value) for key, value in form.items()}
    try:
        check_csrf(request, values.get("_csrf"))
        made = sign_up(session=session, name=values.get("name", ""), email=values.get("email", ""),
                       password=values.get("password", ""), words=_words(request),
                       consents={p for p in CONSENT_WORDS if form.get(f"consent_{p}")})  # fmt: skip
    except TailorError as error:
        values.pop("password", None)
        return _form_page(request, "signup.html", error.status_code if error.status_code != 403 else 403,
                          problem=said(request_locale(request), error), form=values)  # fmt: skip
    response = RedirectResponse(request.url_for("my_data"), status_code=303)
    start_session(request, response, int(made.account.id or 0))
    return response


@router.get("/signin", name="signin", response_class=HTMLResponse)
def signin_page(request: Request) -> Response:
    """The sign-in form."""
    return _form_page(request, "signin.html", problem=None, form={})


@router.post("/signin", name="signin_post")
async def signin(request: Request, session: SessionDep) -> Response:
    """Sign in; a wrong e-mail or password gets one message (401)."""
    form = await request.form()
    try:
        check_csrf(request, str(form.get("_csrf") or ""))
        account = sign_in(session=session, email=str(form.get("email") or ""), password=str(form.get("password") or ""))
    except TailorError as error:
        return _form_page(request, "signin.html", error.status_code, problem=said(request_locale(request), error),
                          form={"email": str(form.get("email") or "")})  # fmt: skip
    response = RedirectResponse(request.url_for("my_data"), status_code=303)
    start_session(request, response, int(account.id or 0))
    return response


@router.post("/signout", name="signout")
async def signout(request: Request) -> Response:
    """Sign out on this browser."""
    form = await request.form()
    check_csrf(request, str(form.get("_csrf") or ""))
    response = RedirectResponse(request.url_for("home"), status_code=303)
    end_session(response)
    return response


def _me(request: Request, session: SessionDep) -> tuple[Any, Any] | None:
    account_id = session_account(request)
    return customer_of(session=session, account_id=account_id) if account_id is not None else None


@router.get("/me", name="my_data", response_class=HTMLResponse)
def my_data(request: Request, session: SessionDep) -> Response:
    """What we hold on the signed-in customer, and their consents (sign in first)."""
    found = _me(request, session)
    if found is None:
        return RedirectResponse(request.url_for("signin"), status_code=303)
    account, customer = found
    given = {p: allowed(session=session, customer_id=customer.id, channel=CONSENT_CHANNEL[p], purpose=p)
             for p in CONSENT_WORDS}  # fmt: skip
    return _form_page(
        request, "me.html", account=account, customer=customer, given=given, saved=request.query_params.get("saved")
    )


@router.post("/me/consents", name="my_consents")
async def my_consents(request: Request, session: SessionDep) -> Response:
    """Grant or withdraw each consent as the boxes say now (each change recorded with its words)."""
    form = await request.form()
    check_csrf(request, str(form.get("_csrf") or ""))
    found = _me(request, session)
    if found is None:
        return RedirectResponse(request.url_for("signin"), status_code=303)
    _, customer = found
    for purpose, words in _words(request).items():
        wanted = bool(form.get(f"consent_{purpose}"))
        channel = CONSENT_CHANNEL[purpose]
        if wanted != allowed(session=session, customer_id=customer.id, channel=channel, purpose=purpose):
            record_consent(session=session, customer_id=customer.id, channel=channel, purpose=purpose, granted=wanted,
                           where="my data page", text_shown=words)  # fmt: skip
    return RedirectResponse(str(request.url_for("my_data")) + "?saved=1", status_code=303)


@router.get("/me/export", name="my_export")
def my_export(request: Request, session: SessionDep) -> Response:
    """Everything held on the signed-in customer, as a JSON download."""
    found = _me(request, session)
    if found is None:
        return RedirectResponse(request.url_for("signin"), status_code=303)
    _, customer = found
    body = json.dumps(export_customer(session=session, customer_id=int(customer.id)), indent=2, ensure_ascii=False)
    headers = {"content-disposition": f'attachment; filename="tailor-my-data-{customer.id}.json"'}
    return Response(body, media_type="application/json", headers=headers)
