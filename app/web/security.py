"""Cookies and form tokens: the visitor token, the session cookie, CSRF tokens, the client's address.

The visitor cookie keys what an anonymous visitor saved; the session cookie carries the token
of a server-side session (`services.sessions`: sign-in or proven recognition). A form's CSRF
token is an HMAC of both under the instance's secret key, so it changes when the browser signs
in or out (a token seen before sign-in is useless after it).
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from app.errors import ForbiddenError
from app.keys import keyed_hash, secret_key

__all__ = ["secret_key"]

VISITOR_COOKIE = "tailor_visitor"
SESSION_COOKIE = "tailor_session"
YEAR = 365 * 24 * 3600


def visitor_token(request: Request) -> str | None:
    """The visitor's token from their cookie, if they have one."""
    token = request.cookies.get(VISITOR_COOKIE)
    return token if token and 20 <= len(token) <= 64 else None


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


def session_token(request: Request) -> str:
    """The session token this browser carries ('' when none)."""
    return request.cookies.get(SESSION_COOKIE, "")[:64]


def csrf_token(request: Request, visitor: str) -> str:
    """The CSRF token forms of this visitor carry, in this browser's current session."""
    return keyed_hash("csrf", f"{visitor}:{session_token(request)}")


def check_csrf(request: Request, sent: str | None) -> str:
    """The visitor's token when `sent` is their CSRF token; 403 otherwise."""
    visitor = visitor_token(request)
    if visitor is None or not sent or not hmac.compare_digest(sent, csrf_token(request, visitor)):
        raise ForbiddenError("this form has expired or did not come from this site: reload the page and try again")
    return visitor


def set_session_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    """Hand this browser its session token (HttpOnly, SameSite=Lax, Secure over HTTPS)."""
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")  # fmt: skip


def clear_session_cookie(response: Response) -> None:
    """Drop the session cookie (the session itself is revoked server-side)."""
    response.delete_cookie(SESSION_COOKIE)


def client_address(request: Request) -> str:
    """The network address the request came from (what sign-in and link throttling count by)."""
    return request.client.host if request.client else "unknown"
