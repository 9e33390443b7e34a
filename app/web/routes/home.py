"""The home page: every product on offer, catalog by catalog."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.services.catalogs.shelf import published_shelf
from app.web.deps import Locale, SessionDep
from app.web.pages import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse, name="home", include_in_schema=False)
def home(request: Request, locale: Locale, session: SessionDep) -> Response:
    """List the products of every published catalog."""
    shelf = published_shelf(session=session)
    return render(
        request,
        "home.html",
        {"shelf": shelf, "locale": locale},
    )
