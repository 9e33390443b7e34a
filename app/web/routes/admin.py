"""The admins' side: who is a sales rep or an admin (admins only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import TailorError
from app.services.accounts.roles import ROLES, accounts_list, set_role
from app.web.deps import Admin, CsrfForm, Locale, SessionDep
from app.web.errors import status_of
from app.web.i18n import said
from app.web.pages import render
from app.web.security import csrf_token, visitor_or_new

router = APIRouter(include_in_schema=False)


@router.get("/admin/accounts", name="admin_accounts", response_class=HTMLResponse)
def accounts_page(request: Request, session: SessionDep, admin: Admin, locale: Locale, done: str = "") -> Response:
    """Every account with its role, and a form to change it (`done`: the change just made)."""
    return _render(request, session, admin, locale, done=done[:300])


def _render(
    request: Request, session: SessionDep, admin: Admin, locale: str, problem: str = "", done: str = ""
) -> Response:
    listed = accounts_list(session=session)
    made = done if any(f"{a.email}:{a.role}" == done for a, _ in listed) else ""  # only a change that holds
    context = {"accounts": listed, "roles": ROLES, "me": admin, "problem": problem, "done": made,
               "locale": locale, "csrf": csrf_token(request, visitor_or_new(request))}  # fmt: skip
    return render(request, "admin_accounts.html", context)


@router.post("/admin/accounts/role", name="admin_role")
def change_role(request: Request, session: SessionDep, admin: Admin, form: CsrfForm, locale: Locale) -> Response:
    """Give one account a role; back to the list, saying what happened."""
    email, role = str(form.get("email") or ""), str(form.get("role") or "")
    try:
        account = set_role(session=session, email=email, role=role, by=admin)
    except TailorError as error:
        if status_of(error) in (401, 403):
            raise
        return _render(request, session, admin, locale, problem=said(locale, error))
    target = request.url_for("admin_accounts").include_query_params(done=f"{account.email}:{account.role}")
    return RedirectResponse(str(target), status_code=303)
