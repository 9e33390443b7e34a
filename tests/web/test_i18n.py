"""English, Spanish and Portuguese: the language by ?lang= (remembered), cookie or Accept-Language;
prices per locale; every message the templates use is translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.web.i18n import LOCALES, translations

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def messages() -> set[str]:
    found: set[str] = set()
    for template in TEMPLATES.rglob("*.html"):
        found |= set(re.findall(r'_\("([^"]+)"', template.read_text()))
        found |= set(re.findall(r"_\('([^']+)'", template.read_text()))
    return found


@pytest.mark.parametrize("locale", [code for code in LOCALES if code != "en"])
def test_every_template_message_is_translated(locale: str) -> None:
    catalog = translations(locale)
    missing = sorted(m for m in messages() if catalog.gettext(m) == m and m not in ("Total", "E-mail"))
    assert not missing, f"{locale} lacks {missing}"


def test_a_spanish_session_is_remembered() -> None:
    client = TestClient(create_app())
    page = client.get("/configure/jeans/jeans", params={"lang": "es", "inseam": "28", "addons": "turn_up_hem"})
    assert '<html lang="es">' in page.text
    assert "Estas elecciones no son compatibles" in page.text
    assert "Campana" in page.text  # the catalog's own Spanish label
    later = client.get("/")
    assert "Configura el tuyo" in later.text
    assert "89,00" in later.text


def test_the_browser_language_decides_without_a_choice() -> None:
    page = TestClient(create_app()).get(
        "/configure/jeans/jeans", headers={"accept-language": "pt-PT,pt;q=0.9,en;q=0.5"}
    )
    assert "O seu preço" in page.text
    assert "89,00" in page.text
    english = TestClient(create_app()).get("/configure/jeans/jeans", headers={"accept-language": "de-DE"})
    assert "Your price" in english.text
    assert "€89.00" in english.text


NOT_WORDS = {"Tailor", "API", "UTC"}
"""The brand, and the names the same in every language."""


def visible_words(source: str) -> list[str]:
    """Words a reader would see that a template writes outside `_()`: its text and its attributes read aloud."""
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    bare = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
    spoken = re.findall(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"', bare)
    bare = re.sub(r"<(script|style)\b.*?</\1>|<!--.*?-->", " ", bare, flags=re.S)
    bare = re.sub(r"<[^>]*>", " ", bare, flags=re.S)
    words = re.findall(r"[A-Za-zÀ-ÿ]{2,}", " ".join([bare, *spoken]))
    return [word for word in words if word not in NOT_WORDS]


def test_templates_write_no_text_outside_translation() -> None:
    left = {t.name: visible_words(t.read_text()) for t in sorted(TEMPLATES.rglob("*.html"))}
    assert not {name: words for name, words in left.items() if words}


def test_the_text_check_sees_untranslated_words() -> None:
    assert visible_words('<p title="Open it">Hello {{ name }}</p><b>{{ _("Fine") }}</b>') == ["Hello", "Open", "it"]
