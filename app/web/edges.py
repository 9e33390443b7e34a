"""What every response goes through: security headers, the request-body bound, and errors said as
pages (HTML for browsers, JSON under /api), in the page's language, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import TailorError, TooLargeError
from app.web.errors import status_of
from app.web.i18n import request_locale, said, say
from app.web.logs import redact
from app.web.pages import render

LOG = logging.getLogger("tailor.web")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
"""Swagger UI sets inline styles on its own elements (no inline script either way)."""
CACHED = ("/static/", "/vendor/", "/api/docs-assets/")
STATUS_WORDS = {
    404: "there is no page at this address",
    405: "this page cannot be used that way",
    413: "what was sent is too large",
    500: "something went wrong on our side: try again in a moment",
}


def install(application: FastAPI, max_body_bytes: int) -> None:
    """Add the headers, the body bound and the error pages to `application`."""
    application.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    application.middleware("http")(security_headers)
    application.add_exception_handler(TailorError, tailor_error)  # type: ignore[arg-type]
    application.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]
    application.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    application.add_exception_handler(Exception, server_error)


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """CSP without inline script, no framing, no sniffing, no referrer to other sites, no caching of pages."""
    response = await call_next(request)
    path = request.url.path
    headers = response.headers
    headers.setdefault("Content-Security-Policy", DOCS_CSP if path == "/api/docs" else CSP)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if not path.startswith(CACHED) and "cache-control" not in headers:
        headers["Cache-Control"] = "no-store"
    return response


class BodyLimit:
    """Refuse request bodies above `max_bytes` (413), whether or not they say their length."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            await _too_large(scope, send)
            return
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise TooLargeError("what was sent is too large")
            return message

        await self.app(scope, bounded, send)


async def _too_large(scope: Scope, send: Send) -> None:
    response = JSONResponse({"detail": "what was sent is too large"}, status_code=413)
    await response(scope, _nothing, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


def _answer(request: Request, status: int, message: str) -> Response:
    """JSON under /api, else the error page in the reader's language."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": message}, status_code=status)
    locale = request_locale(request)
    return render(request, "error.html", {"message": message, "locale": locale}, status_code=status)


def tailor_error(request: Request, error: TailorError) -> Response:
    """A user's bad input anywhere: its message and status, said in the reader's language."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": error.message}, status_code=status_of(error))
    return _answer(request, status_of(error), said(request_locale(request), error))


def invalid_request(request: Request, error: RequestValidationError) -> Response:
    """A malformed address or field (an id that is not a number, or out of range): 422 naming it."""
    first = error.errors()[0] if error.errors() else {}
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("path", "query", "body"))
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": error.errors()}, status_code=422)
    message = say(request_locale(request), "'{field}' in this address is not valid", field=where or "?")
    return _answer(request, 422, message)


def http_error(request: Request, error: StarletteHTTPException) -> Response:
    """404, 405 and the like, as the error page (or JSON under /api)."""
    words = STATUS_WORDS.get(error.status_code)
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)
    message = say(request_locale(request), words) if words else str(error.detail)
    return _answer(request, error.status_code, message)


def server_error(request: Request, error: Exception) -> Response:
    """A fault of ours: logged with its traceback for us, a plain apology for the reader."""
    LOG.error("unhandled error on %s %s", request.method, redact(request.url.path), exc_info=error)
    return _answer(request, 500, say(request_locale(request), STATUS_WORDS[500]))
