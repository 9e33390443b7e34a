"""A rep in Chromium: finds a customer by a phone typed with spaces (from the nav's search box), opens the
360, logs a call, filters the timeline (htmx); at phone width nothing scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def _rep_and_customer() -> int:
    from sqlmodel import Session

    from app.db import get_engine
    from app.services.accounts.roles import set_role
    from app.services.customers.records import Key, identify
    from tests.factories import account

    with Session(get_engine()) as session:
        account(session, "console.rep@tailor.example", password="a long enough secret", name="Console Rep")
        set_role(session=session, email="console.rep@tailor.example", role="rep")
        found = identify(session=session, keys=[Key("phone", "+34699887766")], source="shop", name="Lucía Ferrer")
        return int(found.customer.id or 0)


def _sign_in(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/signin")
    page.get_by_label("E-mail", exact=True).fill("console.rep@tailor.example")
    page.get_by_label("Password", exact=True).fill("a long enough secret")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/me")


def test_a_rep_finds_by_phone_opens_the_360_and_logs_a_call(browser: Any, base_url: str) -> None:
    customer = _rep_and_customer()
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        _sign_in(page, base_url)
        page.get_by_placeholder("Find a customer").fill("699 88 77 66")
        page.get_by_placeholder("Find a customer").press("Enter")
        page.wait_for_url("**/reps/search?q=**")
        page.get_by_role("link", name="Lucía Ferrer").click()
        page.wait_for_url(f"**/reps/customers/{customer}")
        page.get_by_label("What it was about").fill(f"Called about sizes ({width})")
        page.get_by_label("Cost (€)").fill("3.20")
        page.get_by_role("button", name="Log it").click()
        page.wait_for_url("**logged=1**")
        assert f"Called about sizes ({width})" in page.locator("#timeline").inner_text()
        page.get_by_label("Channel").select_option("phone")
        page.wait_for_load_state("networkidle")
        assert "Called about sizes" in page.locator("#timeline").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), width
        context.close()
