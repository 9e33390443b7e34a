"""Visitor tokens (a cookie) and CSRF tokens bound to them (HMAC with the instance's secret key).

The secret comes from `TAILOR_SECRET_KEY`, else from `secret.key` in the data folder, created
on first use (never in the repository).
"""

from __future__ import annotations

import hmac
import os
import secrets
from functools import lru_cache
from hashlib import sha256

from fastapi import Request, Response

from app.config import get_settings
from app.errors import TailorError

VISITOR_COOKIE = "tailor_visitor"
YEAR = 365 * 24 * 3600


@lru_cache
def secret_key() -> bytes:
    """The instance's secret key."""
    settings = get_settings()
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / "secret.key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as stream:
            stream.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def visitor_token(request: Request) -> str | None:
    """The visitor's token from their cookie, if they have one."""
    token = request.cookies.get(VISITOR_COOKIE)
    return token if token and len(token) >= 20 else None


def visitor_or_new(request: Request) -> str:
    """The visitor's token, or a new one (give it to `remember_visitor` with the response)."""
    return visitor_token(request) or secrets.token_urlsafe(24)


def remember_visitor(request: Request, response: Response, token: str) -> None:
    """Set the visitor cookie when the request did not carry this token."""
    if visitor_token(request) != token:
        response.set_cookie(VISITOR_COOKIE, token, max_age=YEAR, httponly=True, samesite="lax",
                            secure=request.url.scheme == "https")  # fmt: skip


def ensure_visitor(request: Request, response: Response) -> str:
    """The visitor's token, set as a cookie when new."""
    token = visitor_or_new(request)
    remember_visitor(request, response, token)
    return token


def csrf_token(visitor: str) -> str:
    """The CSRF token forms of this visitor carry."""
    return hmac.new(secret_key(), f"csrf:{visitor}".encode(), sha256).hexdigest()


def check_csrf(request: Request, sent: str | None) -> str:
    """The visitor's token when `sent` is their CSRF token; 403 otherwise."""
    visitor = visitor_token(request)
    if visitor is None or not sent or not hmac.compare_digest(sent, csrf_token(visitor)):
        raise TailorError("this form has expired or did not come from this site: reload the page and try again", 403)
    return visitor
