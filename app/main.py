"""The FastAPI application: pages, the JSON API at /api and its docs at /api/docs."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from app.config import get_settings
from app.web import edges
from app.web.deps import load_visit
from app.web.i18n import remember_locale
from app.web.logs import install_redaction
from app.web.routes import (
    accounts,
    admin,
    api,
    configure,
    drawings,
    home,
    ordering,
    quote_approvals,
    quote_revisions,
    quote_sending,
    quotes,
    recognition,
    reps,
    reps_console,
    reps_duplicates,
    reps_home,
    saved,
    workspace,
)
from app.web.routes.docs import mount_docs


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    """Size the thread pool that runs the routes to the database pool, so no request waits on a connection;
    keep what start-up made out of the garbage collector's full passes (they cost a request ~0.1 s otherwise)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = get_settings().db_pool_size
    gc.freeze()
    yield


def create_app() -> FastAPI:
    """Build the application with its routes and static files."""
    settings = get_settings()
    install_redaction()
    application = FastAPI(
        title="Tailor",
        summary="One-to-one mass customization: catalogs, configuration, pricing, customers.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(load_visit)],
        lifespan=lifespan,
    )
    if (settings.vendor_dir / "htmx.min.js").is_file():
        application.mount("/vendor", StaticFiles(directory=settings.vendor_dir), name="vendor")
    application.mount("/static", StaticFiles(directory=settings.static_dir), name="static")
    for module in (
        home,
        configure,
        drawings,
        saved,
        ordering,
        accounts,
        reps,
        reps_console,
        reps_duplicates,
        quote_approvals,
        reps_home,
        quote_revisions,
        quote_sending,
        quotes,
        recognition,
        admin,
        workspace,
        api,
    ):
        application.include_router(module.router)
    mount_docs(application)
    edges.install(application, settings.max_body_bytes)

    @application.middleware("http")
    async def keep_language(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        remember_locale(request, response)
        return response

    return application


app = create_app()
