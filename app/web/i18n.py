"""Languages of the pages: English, Spanish and Portuguese (the seeds' markets), with Babel.

The language is `?lang=` (remembered in a cookie), else the cookie, else the best match of the
browser's Accept-Language, else the configured default. Translations are read from the `.po`
files in `app/locales` (no compiled `.mo` to keep in step); prices are formatted per locale by
Babel too.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_skeleton, format_time
from fastapi import Request, Response

from app.config import get_settings
from app.i18n import BABEL_LOCALE, LOCALES, gettext, said, say, translations

__all__ = ["BABEL_LOCALE", "LOCALES", "gettext", "request_locale", "said", "say", "translations", "when"]

LANG_COOKIE = "tailor_lang"


def request_locale(request: Request) -> str:
    """The page language of this request."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in LOCALES:
        return str(asked)
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        language = part.split(";")[0].strip().lower()[:2]
        if language in LOCALES:
            return language
    default = get_settings().default_locale
    return default if default in LOCALES else "en"


def remember_locale(request: Request, response: Response) -> None:
    """Keep a language asked for with `?lang=` for the next pages."""
    asked = request.query_params.get("lang")
    if asked in LOCALES and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(LANG_COOKIE, str(asked), max_age=365 * 24 * 3600, samesite="lax", httponly=True)


def when(moment: datetime | date, locale: str = "en", *, with_time: bool = True) -> str:
    """A date (and time, UTC) the way `locale` writes it: "3 May 2026, 14:05", "3 may 2026, 14:05"."""
    where = BABEL_LOCALE.get(locale, locale)
    day = format_skeleton("yMMMd", moment, locale=where)
    if isinstance(moment, datetime) and with_time:
        return f"{day}, {format_time(moment, format='short', locale=where)}"
    return str(day)
