"""Visitor tokens (a cookie) and CSRF tokens bound to them (HMAC with the instance's secret key).

The secret comes from `TAILOR_SECRET_KEY`, else from `secret.key` in the data folder, created
on first use (never in the repository).
"""

from __future__ import annotations

import hmac
import os
import secrets
import time
from functools import lru_cache
from hashlib import sha256

from fastapi import Request, Response

from app.config import get_settings
from app.errors import TailorError

VISITOR_COOKIE = "tailor_visitor"
SESSION_COOKIE = "tailor_session"
SESSION_SECONDS = 30 * 24 * 3600
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


def _sign(value: str) -> str:
    return hmac.new(secret_key(), f"session:{value}".encode(), sha256).hexdigest()


def start_session(request: Request, response: Response, account_id: int) -> None:
    """Sign the account in on this browser (a signed, HttpOnly cookie)."""
    value = f"{account_id}.{int(time.time())}"
    response.set_cookie(SESSION_COOKIE, f"{value}.{_sign(value)}", max_age=SESSION_SECONDS, httponly=True,
                        samesite="lax", secure=request.url.scheme == "https")  # fmt: skip


def end_session(response: Response) -> None:
    """Sign out on this browser."""
    response.delete_cookie(SESSION_COOKIE)


def session_account(request: Request) -> int | None:
    """The signed-in account id, when the session cookie is genuine and not expired."""
    cookie = request.cookies.get(SESSION_COOKIE, "")
    parts = cookie.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    value = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(parts[2], _sign(value)) or time.time() - int(parts[1]) > SESSION_SECONDS:
        return None
    return int(parts[0])


RECOGNISED_COOKIE = "tailor_recognised"
RECOGNISED_SECONDS = 4 * 3600


def _sign_recognised(value: str) -> str:
    return hmac.new(secret_key(), f"recognised:{value}".encode(), sha256).hexdigest()


def remember_recognised(request: Request, response: Response, customer_id: int) -> None:
    """Remember for a few hours on this browser that the customer proved who they are (not a sign-in)."""
    value = f"{customer_id}.{int(time.time())}"
    response.set_cookie(RECOGNISED_COOKIE, f"{value}.{_sign_recognised(value)}", max_age=RECOGNISED_SECONDS,
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")  # fmt: skip


def forget_recognised(response: Response) -> None:
    """This browser no longer stands for the recognised customer ("not you?")."""
    response.delete_cookie(RECOGNISED_COOKIE)


def recognised_id(request: Request) -> int | None:
    """The customer recognised on this browser, when the cookie is genuine and recent."""
    parts = request.cookies.get(RECOGNISED_COOKIE, "").split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    value = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(parts[2], _sign_recognised(value)) or time.time() - int(parts[1]) > RECOGNISED_SECONDS:
        return None
    return int(parts[0])
