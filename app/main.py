"""The FastAPI application: pages, the JSON API at /api and its docs at /api/docs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from app.config import get_settings
from app.errors import TailorError
from app.web.i18n import remember_locale, request_locale, said
from app.web.pages import render
from app.web.routes import accounts, admin, api, configure, drawings, home, ordering, recognition, reps, saved
from app.web.routes.docs import mount_docs


def create_app() -> FastAPI:
    """Build the application with its routes and static files."""
    settings = get_settings()
    application = FastAPI(
        title="Tailor",
        summary="One-to-one mass customization: catalogs, configuration, pricing, customers.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    if (settings.vendor_dir / "htmx.min.js").is_file():
        application.mount("/vendor", StaticFiles(directory=settings.vendor_dir), name="vendor")
    application.mount("/static", StaticFiles(directory=settings.static_dir), name="static")
    application.include_router(home.router)
    application.include_router(configure.router)
    application.include_router(drawings.router)
    application.include_router(saved.router)
    application.include_router(ordering.router)
    application.include_router(accounts.router)
    application.include_router(reps.router)
    application.include_router(recognition.router)
    application.include_router(admin.router)
    application.include_router(api.router)
    mount_docs(application)
    application.add_exception_handler(TailorError, _tailor_error)  # type: ignore[arg-type]

    @application.middleware("http")
    async def keep_language(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        remember_locale(request, response)
        return response

    return application


def _tailor_error(request: Request, error: TailorError) -> Response:
    """A user's bad input anywhere: its message and status, as JSON under /api, else as a page."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": error.message}, status_code=error.status_code)
    locale = request_locale(request)
    context = {"message": said(locale, error), "locale": locale}
    return render(request, "error.html", context, status_code=error.status_code)


app = create_app()
