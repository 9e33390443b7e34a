"""Languages of the pages: English, Spanish and Portuguese (the seeds' markets), with Babel.

The language is `?lang=` (remembered in a cookie), else the cookie, else the best match of the
browser's Accept-Language, else the configured default. Translations are read from the `.po`
files in `app/locales` (no compiled `.mo` to keep in step); prices are formatted per locale by
Babel too.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi import Request, Response

from app.config import get_settings

LOCALES = ("en", "es", "pt")
LANG_COOKIE = "tailor_lang"
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
