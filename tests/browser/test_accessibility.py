"""Accessible and responsive: axe-core (from the npm registry, run in Chromium) finds no WCAG 2.1 A or AA
violation on the pages people use, keyboard focus is visible, and nothing scrolls sideways on a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / ".venv" / "web" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "/",
    "configurator": "/configure/jeans/jeans?fit=classic&waist=32",
    "a conflict": "/configure/jeans/jeans?inseam=28&addons=turn_up_hem",
    "complete it for me": "/configure/jeans/jeans?_complete=1&_budget=200",
    "bikes": "/configure/bikes/bike",
    "business bundle": "/configure/business/connectivity",
    "order": "/configure/jeans/jeans/order?fit=classic",
    "sign up": "/signup",
    "sign in": "/signin",
    "saved": "/saved",
    "in Spanish": "/configure/jeans/jeans?lang=es&fit=classic",
    "not found": "/configure/jeans/nothing",
}
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page: Any) -> list[str]:
    """What axe-core finds on the page, one line per rule: its id, impact and the first places."""
    # evaluated by the browser's debugger, which the page's Content-Security-Policy (no inline script,
    # no script the site does not serve) leaves alone: a <script> tag would be refused, as it should be
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in found["violations"]
    ]


@pytest.fixture
def axe() -> Path:
    if not AXE.is_file():
        pytest.skip(f"{AXE} is missing (make install puts axe-core there from the npm registry)")
    return AXE


@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_violation(page: Any, base_url: str, axe: Path, name: str) -> None:
    page.goto(base_url + PAGES[name])
    assert page.locator("h1").count() == 1, "one main heading per page"
    assert violations(page) == []


@pytest.mark.parametrize("name", ["home", "configurator", "order", "sign up"])
def test_nothing_scrolls_sideways_on_a_phone(browser: Any, base_url: str, name: str) -> None:
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(base_url + PAGES[name])
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    phone.close()
    assert wide <= 0, f"{name} is {wide} px wider than a phone's screen"


def test_keyboard_focus_is_visible(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["configurator"])
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.className")
    assert skip == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "the skip link shows when it has focus"
    for _ in range(6):
        page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
    )
    assert outline[0] != "none" or outline[2] != "none", f"the focused element shows no focus: {outline}"
