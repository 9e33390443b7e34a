"""The FastAPI application: pages, the JSON API at /api and its docs at /api/docs."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.config import get_settings
from app.web.routes import api, configure, home, ordering, saved
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
    application.include_router(saved.router)
    application.include_router(ordering.router)
    application.include_router(api.router)
    mount_docs(application)
    return application


app = create_app()
