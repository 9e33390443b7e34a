"""Languages: English, Spanish and Portuguese (the seeds' markets), translated with Babel.

Translations are read from the `.po` files in `app/locales/<locale>/LC_MESSAGES` (every `*.po`
there, one per part of the product; no compiled `.mo` to keep in step). Pages (app/web/i18n.py
picks the page's language) and e-mails say their sentences through `say`; an error says its
template with its values (`said`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po
from babel.support import Translations

from app.errors import TailorError

LOCALES = ("en", "es", "pt")
BABEL_LOCALE = {"en": "en_GB", "es": "es_ES", "pt": "pt_PT"}
"""The Babel locale of each language (dates and numbers as in the seeds' markets and the UK)."""
FOLDER = Path(__file__).resolve().parent / "locales"


@lru_cache
def translations(locale: str) -> Translations:
    """The catalog of `locale` (English is the source: no translation)."""
    found = Translations()
    if locale == "en":
        return found
    for path in sorted((FOLDER / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as stream:
            catalog = read_po(stream, locale=locale)
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
