"""A rep in Chromium: Home first in the nav opens the reps' home, picks up the oldest request from it and
lands on a quote for that customer; at phone width nothing scrolls sideways; axe finds no WCAG A/AA violation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.browser.test_accessibility import AXE, violations

pytestmark = pytest.mark.browser


def _rep_and_requests() -> None:
    from sqlmodel import Session

    from app.db import get_engine
    from app.services.accounts.roles import set_role
    from app.services.customers.timeline import record_interaction
    from tests.factories import account, customer

    with Session(get_engine()) as session:
        account(session, "home.rep@tailor.example", password="a long enough secret", name="Home Rep")
        set_role(session=session, email="home.rep@tailor.example", role="rep")
        for days, name in ((4, "Marta Home Oldest"), (0, "Nuno Home Newest")):
            found = customer(session, f"{name.split()[0].lower()}.home@example.com", name)
            record_interaction(session=session, customer_id=found, channel="web", kind="quote_request",
                               summary=f"Asked for a quote for Custom jeans: {name}",
                               at=datetime.now(UTC) - timedelta(days=days, minutes=5))  # fmt: skip


def test_a_rep_opens_home_from_the_nav_and_picks_up_the_oldest_request(browser: Any, base_url: str) -> None:
    _rep_and_requests()
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(f"{base_url}/signin")
        page.get_by_label("E-mail", exact=True).fill("home.rep@tailor.example")
        page.get_by_label("Password", exact=True).fill("a long enough secret")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/me")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
        page.wait_for_url("**/reps")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), width
        if AXE.is_file():
            assert violations(page) == [], width
        if width == 1280:
            row = page.locator("#waiting tbody tr").filter(has_text="Marta Home Oldest")
            row.get_by_role("button", name="Pick it up").click()
            page.wait_for_url("**/reps/quotes/**")
            assert "Marta Home Oldest" in page.content(), "the quote opened is for the customer who asked"
            page.goto(f"{base_url}/reps")
            assert "you" in page.locator("#picked").inner_text()
        context.close()
