"""The unmet-needs backlog in the workspace: what customers asked for and could not get, most valuable
first; what relaxing each rule or bound would add (a fragment each row asks for when it is shown); and
one click to start a draft with that change (catalog managers and admins only)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import TailorError
from app.services.catalogs.backlog_page import (
    PERIODS,
    SEGMENTS,
    TIERS,
    VALUE_CURRENCY,
    BacklogFilter,
    BacklogRow,
    backlog_rows,
    draft_from_backlog,
    relax_answer,
)
from app.services.catalogs.listing import catalog_rows
from app.web.deps import CatalogManager, CsrfForm, Locale, SessionDep
from app.web.pages import render, render_form

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Query(max_length=100)]
MAX_KEY = 500
MAX_NUMBERS = 50


@router.get("/workspace/backlog", name="workspace_backlog", response_class=HTMLResponse)
def backlog_page(
    request: Request,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    catalog: Text = "",
    period: Annotated[int, Query(ge=1, le=100000)] = 90,
    tier: Text = "",
    segment: Text = "",
) -> Response:
    """The backlog, filtered by catalog, period, tier and segment; a filter it cannot take: 422 at its field."""
    asked = {"catalog": catalog, "period": period, "tier": tier, "segment": segment}
    context: dict[str, Any] = {"asked": asked, "locale": locale, "catalogs": catalog_rows(session=session),
                               "periods": PERIODS, "tiers": TIERS, "segments": SEGMENTS, "currency": VALUE_CURRENCY,
                               "rows": [], "relax_urls": [], "error": None}  # fmt: skip
    try:
        wanted = BacklogFilter(catalog=catalog or None, days=period, tier=tier or None, segment=segment or None)
    except TailorError as error:
        return render_form(request, "workspace/backlog.html", {**context, "error": error}, status_code=422)
    rows = backlog_rows(session=session, wanted=wanted)
    context["rows"], context["relax_urls"] = rows, [_relax_url(row, tier) for row in rows]
    return render_form(request, "workspace/backlog.html", context)


@router.get("/workspace/backlog/relax", name="workspace_backlog_relax", response_class=HTMLResponse)
def relax_fragment(
    request: Request,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    item: Annotated[str, Query(min_length=1, max_length=MAX_KEY)],
    catalog: Annotated[str, Query(min_length=1, max_length=100)],
    numbers: Annotated[list[str] | None, Query(max_length=MAX_NUMBERS)] = None,
    tier: Text = "",
) -> Response:
    """What relaxing one backlog item would add: new configurations, exactly (or a lower bound that says so)."""
    if tier and tier not in TIERS:
        raise TailorError("no tier '{tier}'", tier=tier[:50])
    answer = relax_answer(session=session, catalog_id=catalog, key=item, numbers=_numbers(numbers or []),
                          tier=tier or None)  # fmt: skip
    return render(request, "workspace/backlog_relax.html", {"answer": answer, "locale": locale}, fragment="relax")


@router.post("/workspace/backlog/draft", name="workspace_backlog_draft")
def draft_from_item(session: SessionDep, manager: CatalogManager, form: CsrfForm) -> Response:
    """A new draft of the catalog, from its version in force with the backlog item relaxed; then its page."""
    key, catalog = str(form.get("item") or "")[:MAX_KEY], str(form.get("catalog") or "")[:100]
    if not key or not catalog:
        raise TailorError("say which backlog item and which catalog")
    period = str(form.get("period") or "90")
    wanted = BacklogFilter(catalog=catalog, days=int(period) if period.isdigit() and len(period) < 7 else 0,
                           tier=str(form.get("tier") or "")[:50] or None,
                           segment=str(form.get("segment") or "")[:50] or None)  # fmt: skip
    draft = draft_from_backlog(session=session, wanted=wanted, key=key, author_id=manager.id)
    return RedirectResponse(f"/workspace/versions/{draft.id}", status_code=303)


def _relax_url(row: BacklogRow, tier: str) -> str:
    """The address of the fragment saying what relaxing the row's item adds."""
    query = {"item": row.item.key, "catalog": row.catalog_id, "numbers": [str(n) for n in row.item.numbers]}
    return "/workspace/backlog/relax?" + urlencode({**query, **({"tier": tier} if tier else {})}, doseq=True)


def _numbers(texts: list[str]) -> tuple[Decimal, ...]:
    """The numbers asked, as sent (a text that is not a number: 422 naming it)."""
    found = []
    for text in texts:
        try:
            number = Decimal(text[:30])
        except InvalidOperation:
            raise TailorError("'{number}' is not a number", number=text[:30]) from None
        if not number.is_finite():
            raise TailorError("'{number}' is not a number", number=text[:30])
        found.append(number)
    return tuple(found)
