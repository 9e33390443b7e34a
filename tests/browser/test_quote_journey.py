"""The sales rep's journey (issue #15), on a deployment of two app processes and a worker, both databases.

A rep finds Lucía by a phone number typed with spaces, opens her 360, logs a call, builds a 3-line quote
with quantities in Lucía's configurator on her behalf, gives a discount above her authority and asks a
manager, who approves it in another browser. The rep sends the quote: the worker e-mails it with its PDF to
the loopback SMTP server; Lucía opens the link, accepts, and an order exists at the quoted prices. The rep
then revises another, sent, quote and reads the diff; a catalog version is published and that open quote
is flagged with the price change.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.engine.engine import Engine as ConfigurationEngine
from app.models import Order, OrderLine, Quote
from app.services.accounts.roles import set_role
from app.services.catalogs.publishing import publish_version
from app.services.catalogs.shelf import published_catalog
from app.services.customers.consent import record_consent
from app.services.customers.records import Key, identify
from app.services.quotes.sending import send_quote
from app.services.quotes.store import add_line, create_quote, quote_of
from app.web.forms import query_of
from tests.browser.servers import deployment
from tests.cli.processes import wait_until
from tests.factories import account, complete_jeans
from tests.mailbox import use_settings
from tests.services.catalogs.publishing_data import jeans_draft

pytestmark = pytest.mark.browser
PASSWORD = "a long enough secret"


def people(db: Engine) -> dict[str, int]:
    """The rep, her manager, Lucía (who allows e-mail) and Bruno, whose quote was sent yesterday."""
    with Session(db) as session:
        for email, role in (("rita@tailor.example", "rep"), ("mara@tailor.example", "sales_manager")):
            account(session, email, password=PASSWORD, name=email.split("@")[0].title())
            set_role(session=session, email=email, role=role)
        keys = [Key("phone", "+34699887766"), Key("email", "lucia@example.com")]
        lucia = int(identify(session=session, keys=keys, source="shop", name="Lucía Ferrer").customer.id or 0)
        record_consent(session=session, customer_id=lucia, channel="email", purpose="marketing", granted=True,
                       where="shop", text_shown="Send me offers and quotes by e-mail")  # fmt: skip
        bruno = int(identify(session=session, keys=[Key("email", "bruno@example.com")], source="shop",
                             name="Bruno Lima").customer.id or 0)  # fmt: skip
        rep = set_role(session=session, email="rita@tailor.example", role="rep")
        quote = create_quote(session=session, customer_id=bruno, owner=rep)
        add_line(session=session, quote_id=int(quote.id or 0), version=quote.version, actor=rep, catalog_id="jeans",
                 product_id="jeans", choices=complete_jeans(), quantity=2)  # fmt: skip
        fresh = quote_of(session=session, quote_id=int(quote.id or 0))
        send_quote(session=session, quote_id=int(fresh.id or 0), version=fresh.version, actor=rep,
                   base_url="http://127.0.0.1")  # fmt: skip
        return {"lucia": lucia, "bruno": bruno, "bruno_quote": int(quote.id or 0)}


def configurations(db: Engine) -> list[tuple[str, str, str, int]]:
    """Three lines to quote: (catalog, product, configurator query, quantity)."""
    with Session(db) as session:
        jeans = published_catalog(session=session, catalog_id="jeans")
        bikes = published_catalog(session=session, catalog_id="bikes")
    today, context = date.today(), {"channel": "call_centre"}
    pairs = ConfigurationEngine.open(jeans, "jeans").complete({"fit": "straight"}, context, today, k=1)
    bike = ConfigurationEngine.open(bikes, "bike").complete({}, context, today, k=1)
    return [
        ("jeans", "jeans", query_of(complete_jeans()), 4),
        ("jeans", "jeans", query_of(dict(pairs[0].choices)), 2),
        ("bikes", "bike", query_of(dict(bike[0].choices)), 1),
    ]


def sign_in(page: Any, app: str, email: str) -> None:
    page.goto(f"{app}/signin")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/me")


def test_a_rep_quotes_a_manager_approves_the_customer_accepts_and_a_publish_flags_an_open_quote(
    browser: Any, db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_settings(monkeypatch, outbox_sweep_seconds=1)
    with deployment(db, tmp_path, monkeypatch) as deployed:
        first, second = deployed.workers
        ids = people(db)
        lines = configurations(db)
        rep = browser.new_context(viewport={"width": 1280, "height": 900})
        manager = browser.new_context(viewport={"width": 1280, "height": 900})
        lucia = browser.new_context(viewport={"width": 390, "height": 900})
        try:
            quote_id = _rep_builds(rep.new_page(), first, ids["lucia"], lines)
            _manager_approves(manager.new_page(), second, quote_id)
            link = _rep_sends(rep.new_page(), first, quote_id, deployed)
            _lucia_accepts(lucia.new_page(), second, link)
            _order_at_quoted_prices(db, quote_id)
            _rep_revises(rep.new_page(), first, ids["bruno_quote"])
            _publish_flags(rep.new_page(), first, db)
        except Exception:
            for number, context in enumerate((rep, manager, lucia)):
                for page in context.pages:
                    page.screenshot(path=str(Path("test-artifacts") / f"quote_journey_{number}.png"), full_page=True)
            raise
        finally:
            for context in (rep, manager, lucia):
                context.close()


def _rep_builds(page: Any, app: str, lucia: int, lines: list[tuple[str, str, str, int]]) -> int:
    sign_in(page, app, "rita@tailor.example")
    page.get_by_placeholder("Find a customer").fill("699 88 77 66")
    page.get_by_placeholder("Find a customer").press("Enter")
    page.get_by_role("link", name="Lucía Ferrer").click()
    page.wait_for_url(f"**/reps/customers/{lucia}")
    page.get_by_label("What it was about").fill("Called about jeans for her shop staff")
    page.get_by_label("Cost (€)").fill("2.50")
    page.get_by_role("button", name="Log it").click()
    page.wait_for_url("**logged=1**")
    assert "Called about jeans for her shop staff" in page.locator("#timeline").inner_text()
    page.get_by_role("button", name="New quote").click()
    page.wait_for_url(re.compile(r".*/reps/quotes/\d+$"))
    quote_id = int(page.url.rsplit("/", 1)[1])
    for catalog_id, product_id, query, quantity in lines:
        page.goto(f"{app}/reps/quotes/{quote_id}/configure/{catalog_id}/{product_id}?{query}")
        assert "Configuring for Lucía Ferrer" in page.content()
        if (catalog_id, quantity) == ("jeans", 4):  # a click in her configurator updates it in place (htmx)
            page.locator(".steps label", has_text="Stonewash").click()
            page.wait_for_url("**wash=stonewash**")
            assert "Stonewash" in page.locator(".price-panel").inner_text()
        page.locator("#f-quantity").fill(str(quantity))
        page.get_by_role("button", name="Add to the quote").click()
        page.wait_for_url(re.compile(rf".*/reps/quotes/{quote_id}(#.*)?$"))
    assert page.locator(".quote-lines tbody tr").count() == 3
    bike_line = page.locator(".quote-lines tbody tr").nth(2)
    bike_line.get_by_label("Discount %").fill("20")
    bike_line.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    assert "A sales manager must approve this quote" in page.content()
    page.get_by_label("Why should this customer have it?").fill("She outfits 40 shop staff twice a year")
    page.get_by_role("button", name="Ask a sales manager").click()
    page.wait_for_load_state()
    assert "Waiting for a sales manager." in page.content()
    return quote_id


def _manager_approves(page: Any, app: str, quote_id: int) -> None:
    sign_in(page, app, "mara@tailor.example")
    page.goto(f"{app}/reps/approvals")
    row = page.locator("tr", has=page.locator(f'a[href$="/reps/quotes/{quote_id}"]'))
    assert "She outfits 40 shop staff" in row.inner_text()
    row.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    assert "The quote is approved" in page.content()


def _rep_sends(page: Any, app: str, quote_id: int, deployed: Any) -> str:
    page.goto(f"{app}/reps/quotes/{quote_id}")
    page.get_by_role("button", name="Send the quote").click()
    page.wait_for_load_state()
    mails = deployed.inbox.wait_for(1 + sum(1 for to in deployed.inbox.recipients if to != ["lucia@example.com"]))
    sent = [m for m, to in zip(mails, deployed.inbox.recipients, strict=True) if to == ["lucia@example.com"]]
    assert len(sent) == 1
    attachments = [part for part in sent[0].iter_attachments() if part.get_content_type() == "application/pdf"]
    assert len(attachments) == 1
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(attachments[0].get_content())).pages)
    assert "Lucía Ferrer" in text
    body = sent[0].get_body(("plain",)).get_content()
    found = re.search(r"https?://\S+(/quotes/[A-Za-z0-9_-]+)", body)
    assert found, body
    return found.group(1)


def _lucia_accepts(page: Any, app: str, link: str) -> None:
    page.goto(f"{app}{link}")
    assert "Lucía Ferrer" in page.content()
    page.get_by_role("button", name="Accept and order").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _order_at_quoted_prices(db: Engine, quote_id: int) -> None:
    with Session(db) as session:
        quote = session.get(Quote, quote_id)
        assert quote is not None
        assert quote.status == "accepted"
        assert quote.order_id is not None
        order = session.get(Order, quote.order_id)
        assert order is not None
        assert order.total_minor == quote.net_minor
        lines = session.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(col(OrderLine.id))).all()
        assert [line.quantity for line in lines] == [4, 2, 1]


def _rep_revises(page: Any, app: str, quote_id: int) -> None:
    page.goto(f"{app}/reps/quotes/{quote_id}")
    page.get_by_role("button", name="Revise").click()
    page.wait_for_url(re.compile(r".*/reps/quotes/\d+$"))
    line = page.locator(".quote-lines tbody tr").first
    line.get_by_label("Quantity").fill("5")
    line.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Changes from revision 1").click()
    page.wait_for_load_state()
    changed = page.locator("tr", has_text="Quantity").first.inner_text()
    assert "2" in changed
    assert "5" in changed


def _publish_flags(page: Any, app: str, db: Engine) -> None:
    with Session(db) as session:
        draft = jeans_draft(session, base_price=9900)
        author = set_role(session=session, email="mara@tailor.example", role="catalog_manager")
        publish_version(session=session, version_id=draft, author_id=int(author.id or 0))
        revised = session.exec(select(Quote).where(Quote.revision == 2)).one()
    wait_until(lambda: _flagged(db, int(revised.id or 0)), "the open quote flagged after the publish")
    page.goto(f"{app}/reps/quotes/{revised.id}")
    assert "Lines the new version changes" in page.content()


def _flagged(db: Engine, quote_id: int) -> bool:
    with Session(db) as session:
        found = session.get(Quote, quote_id)
        return found is not None and found.recheck is not None
