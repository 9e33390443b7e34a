"""Real journeys in Chromium: configure jeans without JavaScript tricks, meet a conflict and repair it."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_configure_jeans_step_by_step(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Configure yours").last.click()
    page.wait_for_url("**/configure/jeans/jeans**")
    page.get_by_role("radio", name="Classic", exact=True).check()
    page.wait_for_load_state("networkidle")  # with htmx the change has swapped the form in place
    page.get_by_label("Inseam (in)").fill("28")
    page.get_by_role("button", name="Update").click()
    page.wait_for_url("**inseam=28**")
    hem = page.locator('input[type="checkbox"][name="addons"][value="turn_up_hem"]')
    assert hem.is_disabled()
    assert "A turn-up hem needs an inseam of 30 in or more." in page.locator("#r-addons-turn_up_hem").inner_text()
    assert page.locator(".price-lines .total").is_visible()


def test_meet_a_conflict_and_repair_it_in_one_click(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/configure/jeans/jeans?inseam=28&addons=turn_up_hem")
    panel = page.get_by_role("alert")
    assert "These choices do not go together" in panel.inner_text()
    page.locator(".repairs a").first.click()
    page.wait_for_load_state()
    assert page.locator(".conflict").count() == 0
    assert page.locator('input[type="checkbox"][name="addons"][value="turn_up_hem"]').is_checked()
    assert float(page.get_by_label("Inseam (in)").input_value()) >= 30


def test_with_htmx_a_change_updates_the_options_in_place(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/configure/jeans/jeans")
    if not page.evaluate("typeof window.htmx !== 'undefined'"):
        pytest.skip("htmx is not installed (make install puts it in .venv/web from the npm registry)")
    before = page.locator(".counts").inner_text()
    page.evaluate("window.tailorMarker = 'same page'")
    with page.expect_response(lambda response: "fit=classic" in response.url):
        page.get_by_role("radio", name="Classic", exact=True).check()
    page.wait_for_function(
        "old => !document.querySelector('.counts').innerText.includes(old)", arg=before.split("·")[-1]
    )
    assert page.evaluate("window.tailorMarker") == "same page"  # swapped in place, not reloaded
    assert "fit=classic" in page.url
    page.get_by_label("Inseam (in)").fill("28")
    page.get_by_label("Inseam (in)").press("Tab")
    page.wait_for_selector('input[type="checkbox"][name="addons"][value="turn_up_hem"][disabled]')


def test_save_on_one_device_and_resume_on_another(browser: Any, base_url: str) -> None:
    laptop = browser.new_context()
    page = laptop.new_page()
    page.goto(f"{base_url}/configure/jeans/jeans?fit=classic&waist=32")
    page.get_by_role("button", name="Save this configuration").click()
    page.wait_for_url("**/saved/**")
    private = page.locator("#resume-link").input_value()
    laptop.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    other = phone.new_page()
    other.goto(private)
    other.get_by_role("link", name="Continue configuring").click()
    other.wait_for_url("**/configure/jeans/jeans?**")
    assert other.get_by_role("radio", name="Classic", exact=True).is_checked()
    assert other.get_by_label("Waist (in)").input_value() == "32"
    phone.close()


def test_a_spanish_session(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/?lang=es")
    page.get_by_role("link", name="Configura el tuyo").last.click()
    page.wait_for_url("**/configure/jeans/jeans**")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Tu precio").is_visible()
    assert page.get_by_role("radio", name="Campana").count() == 1
    assert "89,00" in page.locator(".price-lines .total").inner_text()


def test_configure_jeans_from_scratch_to_an_order(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/configure/jeans/jeans")
    page.get_by_role("radio", name="Classic", exact=True).check()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Complete it for me").first.click()
    page.wait_for_selector(".offers")
    page.locator(".offers a", has_text="Use this").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("radio", name="Classic", exact=True).is_checked()  # the offer kept what was chosen
    page.get_by_role("link", name="Order it").click()
    page.wait_for_url("**/order**")
    page.get_by_label("Your name").fill("Lía Gómez")
    page.get_by_label("E-mail").fill("lia.browser@example.com")
    page.get_by_role("button", name="Place the order").click()
    page.wait_for_url("**/orders/**")
    assert "is placed" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".total-line strong").inner_text().strip()


def test_sign_in_and_see_prefilled_needs(page: Any, base_url: str) -> None:

    from sqlmodel import Session, select

    from app.db import get_engine
    from app.models import Account
    from tests.factories import measured

    page.goto(f"{base_url}/signup")
    page.get_by_label("Your name").fill("Marta Vidal")
    page.get_by_label("E-mail", exact=True).fill("marta.browser@example.com")
    page.get_by_label("Password (10 to 128 characters; a few unrelated words work well)").fill("a long enough secret")
    page.locator('input[name="consent_personalisation"]').check()
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your e-mail"
    page.goto(base_url + mailed_path("marta.browser@example.com"))
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/me")
    with Session(get_engine()) as session:
        account = session.exec(select(Account).where(Account.email == "marta.browser@example.com")).one()
        measured(session, account.customer_id, "waist", 31)
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base_url}/signin")
    page.get_by_label("E-mail", exact=True).fill("marta.browser@example.com")
    page.get_by_label("Password", exact=True).fill("a long enough secret")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(f"{base_url}/configure/jeans/jeans")
    assert page.get_by_label("Waist (in)").input_value() == "31"
    assert "your waist, from your visit to the Madrid shop on 3 May 2025" in page.locator("#k-waist").inner_text()
    page.get_by_label("Waist (in)").fill("33")  # the customer may change it
    page.get_by_label("Waist (in)").press("Tab")
    page.wait_for_url("**waist=33**")
    assert page.get_by_label("Waist (in)").input_value() == "33"


def mailed_path(to: str) -> str:
    """The path of the link in the newest e-mail to `to` (the outbox of the app's database)."""
    from sqlmodel import Session, col, select

    from app.db import get_engine
    from app.models import OutboxMessage

    with Session(get_engine()) as session:
        query = select(OutboxMessage).where(OutboxMessage.to_address == to).order_by(col(OutboxMessage.id).desc())
        message = session.exec(query).first()
        assert message is not None
        found = re.search(r"https?://[^/\s]+(/\S+)", message.body_text)
        assert found
        return found.group(1)


def test_recognised_by_a_link_sent_to_the_customer(page: Any, base_url: str) -> None:
    from sqlmodel import Session

    from app.db import get_engine
    from app.services.customers.records import Key, identify
    from tests.factories import measured, personalisation

    with Session(get_engine()) as session:
        found = identify(session=session, keys=[Key("loyalty", "LC-BROWSER"), Key("email", "rosa.browser@example.com")],
                         source="shop", name="Rosa Prieto").customer  # fmt: skip
        personalisation(session, int(found.id or 0))
        measured(session, int(found.id or 0), "inseam", 30, place="Lisboa", at=None)
    page.goto(f"{base_url}/configure/jeans/jeans")
    page.get_by_text("Been here before?").click()
    page.get_by_label("E-mail or loyalty card number").fill("lc-browser")
    page.get_by_role("button", name="E-mail me a link").click()
    page.wait_for_load_state()
    assert "If we know you, we sent a link" in page.locator(".recognise").inner_text()
    assert page.get_by_label("Inseam (in)").input_value() == "", "nothing is shown on a guess"
    page.goto(base_url + mailed_path("rosa.browser@example.com"))
    page.get_by_role("button", name="Yes, it is me").click()
    page.wait_for_url("**/configure/jeans/jeans**")
    assert page.get_by_label("Inseam (in)").input_value() == "30"
    assert "Recognised as Rosa Prieto" in page.locator(".recognised").inner_text()


def test_a_number_out_of_range_shows_the_clash_and_its_repair(page: Any, base_url: str) -> None:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{base_url}/configure/jeans/jeans?fit=classic")
    page.get_by_label("Waist (in)").fill("60")
    page.get_by_label("Waist (in)").press("Tab")
    page.wait_for_selector(".conflict")
    assert "Waist: 60 is outside 26 to 47" in page.locator(".conflict").inner_text()
    page.get_by_role("link", name="Change Waist to 47").click()
    page.wait_for_url("**waist=47**")
    assert page.get_by_label("Waist (in)").input_value() == "47"
    assert page.get_by_role("radio", name="Classic", exact=True).is_checked()
    assert not [m for m in messages if "Content Security Policy" in m], messages


def test_typing_while_a_change_is_on_its_way_is_kept(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/configure/jeans/jeans")
    if not page.evaluate("typeof window.htmx !== 'undefined'"):
        pytest.skip("htmx is not installed (make install puts it in .venv/web from the npm registry)")

    def slow(route: Any) -> None:
        time.sleep(0.6)
        route.continue_()

    page.route("**/configure/jeans/jeans?*fit=relaxed*", slow)
    # while the answer to "Relaxed" is on its way (Playwright waits in the route), the customer types "3"
    page.evaluate(
        "document.body.addEventListener('htmx:beforeSend', () => setTimeout(() => {"
        " const f = document.getElementById('f-waist'); f.focus(); f.value = '3'; }, 50), {once: true})"
    )
    with page.expect_response(lambda response: "fit=relaxed" in response.url):
        page.get_by_role("radio", name="Relaxed", exact=True).check()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.id") == "f-waist"
    page.keyboard.type("2")
    assert page.get_by_label("Waist (in)").input_value() == "32"
    page.keyboard.press("Tab")
    page.wait_for_url("**waist=32**")
    assert page.get_by_role("radio", name="Relaxed", exact=True).is_checked()


def test_long_text_wraps_on_the_reps_pages(browser: Any, base_url: str) -> None:
    from sqlmodel import Session

    from app.db import get_engine
    from app.services.accounts.roles import set_role
    from app.services.customers.records import Key, identify
    from app.services.customers.timeline import record_interaction
    from tests.factories import account

    with Session(get_engine()) as session:
        account(session, "wrap.rep@tailor.example", password="a long enough secret", name="Wrap Rep")
        set_role(session=session, email="wrap.rep@tailor.example", role="rep")
        asker = identify(session=session, keys=[Key("email", "wrap.asker@example.com")], source="web", name="W" * 200)
        asker_id = int(asker.customer.id or 0)
        record_interaction(session=session, customer_id=asker_id, channel="web",
                           kind="quote_request", summary="Asked for a quote: " + "x" * 1500)  # fmt: skip
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(f"{base_url}/signin")
    phone.get_by_label("E-mail", exact=True).fill("wrap.rep@tailor.example")
    phone.get_by_label("Password", exact=True).fill("a long enough secret")
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url("**/me")
    for path in ("/reps/quotes", f"/reps/customers/{asker_id}"):
        phone.goto(base_url + path)
        assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), path
    context.close()
