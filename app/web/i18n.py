"""Languages of the pages: English, Spanish and Portuguese (the seeds' markets), with Babel.

The language is `?lang=` (remembered in a cookie), else the cookie, else the best match of the
browser's Accept-Language, else the configured default. Translations are read from the `.po`
files in `app/locales` (no compiled `.mo` to keep in step); prices are formatted per locale by
Babel too.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_skeleton, format_time
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi import Request, Response

from app.config import get_settings
from app.errors import TailorError

LOCALES = ("en", "es", "pt")
LANG_COOKIE = "tailor_lang"
BABEL_LOCALE = {"en": "en_GB", "es": "es_ES", "pt": "pt_PT"}
"""The Babel locale of each page language (dates and numbers as in the seeds' markets and the UK)."""
FOLDER = Path(__file__).resolve().parents[1] / "locales"


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


@lru_cache
def translations(locale: str) -> Translations:
    """The catalog of `locale` (English is the source: no translation)."""
    path = FOLDER / locale / "LC_MESSAGES" / "messages.po"
    if locale == "en" or not path.is_file():
        return Translations()
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=locale)
    found = Translations()
    for message in catalog:
        if isinstance(message.id, str) and isinstance(message.string, str) and message.string and not message.fuzzy:
            found._catalog[message.id] = message.string
    return found


def gettext(locale: str, message: str) -> str:
    """`message` in `locale`."""
    return translations(locale).gettext(message)


def say(locale: str, message: str, **values: object) -> str:
    """`message` in `locale`, with its `{name}` places filled from `values`."""
    text = gettext(locale, message)
    return text.format(**values) if values else text


def said(locale: str, error: TailorError) -> str:
    """The message of `error` in `locale`: its template translated, its values filled in."""
    return say(locale, error.template, **error.values)


def when(moment: datetime | date, locale: str = "en", *, with_time: bool = True) -> str:
    """A date (and time, UTC) the way `locale` writes it: "3 May 2026, 14:05", "3 may 2026, 14:05"."""
    where = BABEL_LOCALE.get(locale, locale)
    day = format_skeleton("yMMMd", moment, locale=where)
    if isinstance(moment, datetime) and with_time:
        return f"{day}, {format_time(moment, format='short', locale=where)}"
    return str(day)
