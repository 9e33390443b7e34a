"""Recognition without signing in: "it's me" with an e-mail or loyalty card and a postcode.

On a match this browser stands for the customer for a few hours (a signed cookie), so the
configurator fills in what Tailor knows (when the customer consented). "Not you?" forgets it.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.errors import TailorError
from app.services.recognition import recognise
from app.web.deps import SessionDep
from app.web.security import check_csrf, forget_recognised, remember_recognised

router = APIRouter(include_in_schema=False)


def _back(target: str) -> str:
    """`target` when it is a path on this site, else the home page (no open redirect)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _with(target: str, **values: str) -> str:
    parts = urlsplit(target)
    kept = "&".join(p for p in parts.query.split("&") if p and not p.startswith("_recognise="))
    query = "&".join(q for q in (kept, urlencode(values)) if q)
    return f"{parts.path}?{query}" if query else parts.path


@router.post("/recognise", name="recognise")
async def recognise_post(request: Request, session: SessionDep) -> Response:
    """Check the identifier and postcode; back to the page, recognised or with what went wrong."""
    form = await request.form()
    visitor = check_csrf(request, str(form.get("_csrf") or ""))
    back = _back(str(form.get("next") or "/"))
    try:
        customer = recognise(session=session, visitor=visitor, identifier=str(form.get("identifier") or ""),
                             postcode=str(form.get("postcode") or ""))  # fmt: skip
    except TailorError as error:
        outcome = "wait" if error.status_code == 429 else "failed"
        return RedirectResponse(_with(back, _recognise=outcome), status_code=303)
    response = RedirectResponse(_with(back), status_code=303)
    remember_recognised(request, response, int(customer.id or 0))
    return response


@router.post("/recognise/forget", name="forget_recognised")
async def forget(request: Request) -> Response:
    """This browser forgets the recognised customer."""
    form = await request.form()
    check_csrf(request, str(form.get("_csrf") or ""))
    response = RedirectResponse(_with(_back(str(form.get("next") or "/"))), status_code=303)
    forget_recognised(response)
    return response
