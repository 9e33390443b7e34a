"""Discount authority on the web: a rep asks a sales manager to approve a quote above her authority, the
managers' table of waiting requests (approve, or send back with a comment), and the admins' policy page
(each tier's maximum discount and margin floor)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import TailorError
from app.services.quotes.approval_board import policy_history, waiting_rows
from app.services.quotes.approvals import COMMENT_LENGTH, REASON_LENGTH, ask_approval, decide
from app.services.quotes.policy import authority_policy, policy_from_form, save_policy
from app.value.tiers import TIERS
from app.web.deps import Admin, CsrfForm, Locale, Rep, SalesManager, SessionDep
from app.web.errors import status_of
from app.web.i18n import said
from app.web.pages import render_form
from app.web.routes.quotes import _changed as changed

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
LIMITS = ("max_discount_percent", "margin_floor_percent")


@router.post("/reps/quotes/{quote_id}/approval", name="rep_quote_ask")
def ask(request: Request, quote_id: Id, session: SessionDep, rep: Rep, form: CsrfForm, locale: Locale) -> Response:
    """Send a draft above the rep's authority to the sales managers, with the rep's reason; back to the quote
    (a refusal: the quote page at 422/409 with the problem at the reason, the reason kept)."""
    reason = str(form.get("reason") or "")[: REASON_LENGTH + 100]

    def asked() -> object:
        return ask_approval(session=session, quote_id=quote_id, version=_int(form.get("version")), actor=rep,
                            reason=reason)  # fmt: skip

    return changed(request, session, quote_id, rep, locale, "approval", {"reason": reason}, asked)


@router.get("/reps/approvals", name="rep_approvals", response_class=HTMLResponse)
def approvals(request: Request, session: SessionDep, manager: SalesManager, locale: Locale, done: str = "") -> Response:
    """The requests waiting for a manager, oldest first, each with its approve and reject forms."""
    return _board(request, session, manager, locale, done=done if done in ("approved", "rejected") else "")


def _board(request: Request, session: SessionDep, manager: Any, locale: str, status_code: int = 200,
           **extra: Any) -> Response:  # fmt: skip
    context = {"rows": waiting_rows(session=session), "me": manager, "locale": locale,
               "comment_length": COMMENT_LENGTH, "problem": None, "done": "", **extra}  # fmt: skip
    return render_form(request, "reps/approvals.html", context, status_code=status_code)


@router.post("/reps/approvals/{approval_id}", name="rep_approval_decide")
def decide_one(request: Request, approval_id: Id, session: SessionDep, manager: SalesManager, form: CsrfForm,
               locale: Locale) -> Response:  # fmt: skip
    """Approve a request, or reject it with a comment for the rep (required then)."""
    decision, comment = str(form.get("decision") or ""), str(form.get("comment") or "")[: COMMENT_LENGTH + 100]
    try:
        if decision not in ("approve", "reject"):
            raise TailorError("decision: approve or reject")
        decide(session=session, approval_id=approval_id, actor=manager, approve=decision == "approve", comment=comment)
    except TailorError as error:
        if status_of(error) != 422:
            raise
        problem = {"id": approval_id, "text": said(locale, error), "comment": comment, "decision": decision}
        return _board(request, session, manager, locale, 422, problem=problem)
    done = "approved" if decision == "approve" else "rejected"
    return RedirectResponse(str(request.url_for("rep_approvals").include_query_params(done=done)), status_code=303)


@router.get("/admin/quote-policy", name="admin_quote_policy", response_class=HTMLResponse)
def policy_page(request: Request, session: SessionDep, admin: Admin, locale: Locale, saved: str = "") -> Response:
    """Each value tier's maximum discount and margin floor for a rep, as in force, and who saved them."""
    policy = authority_policy(session=session)
    values = {f"{tier}.{name}": str(getattr(limits, name)) for tier, limits in policy.tiers.items() for name in LIMITS}
    return _policy(request, session, locale, values, saved=saved == "1")


def _policy(request: Request, session: SessionDep, locale: str, values: dict[str, str], status_code: int = 200,
            **extra: Any) -> Response:  # fmt: skip
    context = {"tiers": TIERS, "limits": LIMITS, "values": values,
               "history": policy_history(session=session), "locale": locale, "problem": None, "saved": False,
               **extra}  # fmt: skip
    return render_form(request, "admin_quote_policy.html", context, status_code=status_code)


@router.post("/admin/quote-policy", name="admin_quote_policy")
def save(request: Request, session: SessionDep, admin: Admin, form: CsrfForm, locale: Locale) -> Response:
    """Put the typed policy in force (the earlier ones are kept); 422 at the first wrong field."""
    fields = [f"{tier}.{name}" for tier in TIERS for name in LIMITS]
    values = {field: str(form.get(field) or "")[:40] for field in fields}
    try:
        save_policy(session=session, policy=policy_from_form(values), actor=admin)
    except TailorError as error:
        if status_of(error) != 422:
            raise
        field = str(error.values.get("field", ""))
        return _policy(request, session, locale, values, 422, problem={"field": field, "text": said(locale, error)})
    return RedirectResponse(str(request.url_for("admin_quote_policy").include_query_params(saved="1")), status_code=303)


def _int(value: object) -> int:
    """A posted whole number (0 when it is not one: a stale version, refused by the service)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else 0
