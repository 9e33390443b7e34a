"""Sign up (finished from an e-mailed link), sign in, sign out, passwords, and "my data": consents in
plain words, editable, and the export.

Links from e-mails open a page with a button: the state changes on its POST, never on the GET
(a mail scanner that follows links changes nothing).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import TailorError
from app.services.accounts.passwords import MAX_PASSWORD, change_password, request_reset, reset_password, sign_in
from app.services.accounts.sign_up import CONSENT_CHANNEL, CONSENT_WORDS, confirm_sign_up, request_sign_up
from app.services.accounts.web_sessions import LIFETIME, end_session, switch_session
from app.services.customers.consent import allowed, record_consent
from app.services.customers.privacy import export_customer
from app.web.deps import CsrfForm, Locale, Me, SessionDep, visit_of
from app.web.errors import status_of
from app.web.i18n import gettext, said
from app.web.pages import render, render_form
from app.web.security import clear_session_cookie, client_address, session_token, set_session_cookie

router = APIRouter(include_in_schema=False)


def _words(locale: str) -> dict[str, str]:
    """Each consent's sentence in the page's language (the words shown are the words recorded)."""
    return {purpose: gettext(locale, text) for purpose, text in CONSENT_WORDS.items()}


def _form_page(request: Request, template: str, locale: str, status: int = 200, **context: Any) -> Response:
    values = {"locale": locale, "words": _words(locale), "problem": None, "form": {}, "max_password": MAX_PASSWORD,
              **context}  # fmt: skip
    return render_form(request, template, values, status_code=status)


def _signed_in(request: Request, token: str, target: str) -> Response:
    """The browser's fresh session `token` (the one it had ended): a new cookie, a new CSRF, then `target`."""
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, token, int(LIFETIME["account"].total_seconds()))
    return response


@router.get("/signup", name="signup", response_class=HTMLResponse)
@router.get("/signin", name="signin", response_class=HTMLResponse)
@router.get("/forgot", name="forgot", response_class=HTMLResponse)
def form_page(request: Request, locale: Locale) -> Response:
    """An empty form, its template named as its route: sign up (each consent in plain words, none ticked in
    advance), sign in, or ask for a link to choose a new password."""
    return _form_page(request, f"{request.scope['route'].name}.html", locale)


@router.post("/signup", name="signup_post")
def signup(request: Request, session: SessionDep, form: CsrfForm, locale: Locale) -> Response:
    """Check the form and e-mail the link that finishes it; the same answer for every address."""
    values = {key: str(value) for key, value in form.items() if key != "password"}
    try:
        sent_to = request_sign_up(session=session, name=values.get("name", ""), email=values.get("email", ""),
                                  password=str(form.get("password") or ""), words=_words(locale), locale=locale,
                                  address=client_address(request),
                                  consents={p for p in CONSENT_WORDS if form.get(f"consent_{p}")})  # fmt: skip
    except TailorError as error:
        return _form_page(request, "signup.html", locale, status_of(error), problem=said(locale, error), form=values)
    return render(request, "link_sent.html", {"locale": locale, "email": sent_to, "purpose": "signup"})


@router.get("/signup/confirm/{token}", name="signup_confirm", response_class=HTMLResponse)
def signup_confirm_page(request: Request, token: str, locale: Locale) -> Response:
    """The page an e-mailed sign-up link opens: one button finishes the sign-up."""
    return _form_page(request, "link_open.html", locale, purpose="signup", action=request.url.path)


@router.post("/signup/confirm/{token}", name="signup_confirm_post")
def signup_confirm(request: Request, token: str, session: SessionDep, form: CsrfForm, locale: Locale) -> Response:
    """Make the account (joined to the customer who holds the address) and sign in."""
    made = confirm_sign_up(session=session, token=token)
    token = switch_session(session=session, token=session_token(request), account=made.account)
    return _signed_in(request, token, str(request.url_for("my_data")))


@router.post("/signin", name="signin_post")
def signin(request: Request, session: SessionDep, form: CsrfForm, locale: Locale) -> Response:
    """Sign in; a wrong e-mail or password gets one message (401), too many tries wait (429)."""
    email = str(form.get("email") or "")[:254]
    try:
        account = sign_in(session=session, email=email, password=str(form.get("password") or ""),
                          address=client_address(request))  # fmt: skip
    except TailorError as error:
        return _form_page(request, "signin.html", locale, status_of(error), problem=said(locale, error),
                          form={"email": email})  # fmt: skip
    token = switch_session(session=session, token=session_token(request), account=account)
    return _signed_in(request, token, str(request.url_for("my_data")))


@router.post("/signout", name="signout")
def signout(request: Request, session: SessionDep, form: CsrfForm) -> Response:
    """Sign out on this browser: the session ends on the server, a copy of the cookie opens nothing."""
    end_session(session=session, token=session_token(request))
    response = RedirectResponse(request.url_for("home"), status_code=303)
    clear_session_cookie(response)
    return response


@router.post("/forgot", name="forgot_post")
def forgot(request: Request, session: SessionDep, form: CsrfForm, locale: Locale) -> Response:
    """E-mail the link when the address has an account; the same answer either way."""
    email = str(form.get("email") or "")[:254]
    request_reset(session=session, email=email, address=client_address(request), locale=locale)
    return render(request, "link_sent.html", {"locale": locale, "email": email.strip(), "purpose": "reset"})


@router.get("/reset/{token}", name="reset", response_class=HTMLResponse)
def reset_page(request: Request, token: str, locale: Locale) -> Response:
    """The page an e-mailed reset link opens: a new password."""
    return _form_page(request, "reset.html", locale, action=request.url.path)


@router.post("/reset/{token}", name="reset_post")
def reset(request: Request, token: str, session: SessionDep, form: CsrfForm, locale: Locale) -> Response:
    """Set the new password (every session ends) and sign in here."""
    try:
        account = reset_password(session=session, token=token, new=str(form.get("password") or ""))
    except TailorError as error:
        if status_of(error) == 410:
            raise
        return _form_page(request, "reset.html", locale, 422, problem=said(locale, error), action=request.url.path)
    token = switch_session(session=session, token=session_token(request), account=account)
    return _signed_in(request, token, str(request.url_for("my_data")))


def _me_page(request: Request, session: SessionDep, found: Me, locale: str, status: int = 200,
             **context: Any) -> Response:  # fmt: skip
    if found is None:
        return RedirectResponse(request.url_for("signin"), status_code=303)
    account, customer = found
    given = {p: allowed(session=session, customer_id=int(customer.id or 0), channel=CONSENT_CHANNEL[p], purpose=p)
             for p in CONSENT_WORDS}  # fmt: skip
    return _form_page(request, "me.html", locale, status, account=account, customer=customer, given=given,
                      saved=request.query_params.get("saved"), **context)  # fmt: skip


@router.get("/me", name="my_data", response_class=HTMLResponse)
def my_data(request: Request, session: SessionDep, found: Me, locale: Locale) -> Response:
    """What we hold on the signed-in customer, and their consents (sign in first)."""
    return _me_page(request, session, found, locale)


@router.post("/me/consents", name="my_consents")
def my_consents(request: Request, session: SessionDep, found: Me, form: CsrfForm, locale: Locale) -> Response:
    """Grant or withdraw each consent as the boxes say now (each change recorded with its words)."""
    if found is None:
        return RedirectResponse(request.url_for("signin"), status_code=303)
    customer_id = int(found[1].id or 0)
    for purpose, words in _words(locale).items():
        wanted = bool(form.get(f"consent_{purpose}"))
        channel = CONSENT_CHANNEL[purpose]
        if wanted != allowed(session=session, customer_id=customer_id, channel=channel, purpose=purpose):
            record_consent(session=session, customer_id=customer_id, channel=channel, purpose=purpose, granted=wanted,
                           where="my data page", text_shown=words)  # fmt: skip
    return RedirectResponse(str(request.url_for("my_data")) + "?saved=1", status_code=303)


@router.post("/me/password", name="my_password")
def my_password(request: Request, session: SessionDep, found: Me, form: CsrfForm, locale: Locale) -> Response:
    """Change the password: every other session of the account ends (this browser stays signed in)."""
    if found is None:
        return RedirectResponse(request.url_for("signin"), status_code=303)
    try:
        change_password(session=session, account=found[0], current=str(form.get("current") or ""),
                        new=str(form.get("password") or ""), keep=session_token(request))  # fmt: skip
    except TailorError as error:
        return _me_page(request, session, found, locale, 422, password_problem=said(locale, error))
    return RedirectResponse(str(request.url_for("my_data")) + "?saved=password", status_code=303)


@router.get("/me/export", name="my_export")
def my_export(request: Request, session: SessionDep, found: Me) -> Response:
    """Everything held on the signed-in customer, as a JSON download."""
    if found is None or visit_of(request) is None:
        return RedirectResponse(request.url_for("signin"), status_code=303)
    _, customer = found
    body = json.dumps(export_customer(session=session, customer_id=int(customer.id or 0)), indent=2,
                      ensure_ascii=False)  # fmt: skip
    headers = {"content-disposition": f'attachment; filename="tailor-my-data-{customer.id}.json"'}
    return Response(body, media_type="application/json", headers=headers)
