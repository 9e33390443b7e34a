"""The catalog manager's journey (issue #14), on a deployment of two app processes and a worker, both databases.

A catalog manager starts a jeans draft, adds an acid wash, adds a rule that kills it (the analysis names the
dead option and the rule), fixes the rule, reads the diff and the impact (customers who asked for an acid
wash), and publishes for tomorrow. When tomorrow comes, both app processes serve the new version without a
restart, and the worker e-mails the one customer who allows being told about new products.
"""

from __future__ import annotations

import re
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.models import CatalogNotice, CatalogVersion
from app.models.base import utcnow
from app.services.accounts.roles import set_role
from app.services.customers.consent import record_consent
from app.services.customers.needs import Source, record_need
from tests.browser.servers import deployment
from tests.cli.processes import wait_until
from tests.factories import account, customer
from tests.mailbox import use_settings

PASSWORD = "a long enough secret"
FITS = "relaxed, classic, low_cut, tapered, straight"


def offers_acid(worker: str) -> bool:
    """Whether the worker's jeans configurator offers the acid wash (a customer's plain page)."""
    with urllib.request.urlopen(f"{worker}/configure/jeans/jeans", timeout=60) as answer:
        return "Acid wash" in answer.read().decode("utf-8")


def asking_for_acid(db: Engine) -> dict[str, int]:
    """Two customers who said they want an acid wash: Carla allows news of new products by e-mail, Dave does not."""
    with Session(db) as session:
        ids = {}
        for name in ("carla", "dave"):
            ids[name] = customer(session, f"{name}@example.com", name.title())
            record_need(session=session, customer_id=ids[name], kind="preference", key="wash", value="acid",
                        source=Source("web"))  # fmt: skip
        record_consent(session=session, customer_id=ids["carla"], channel="email", purpose="new_products",
                       granted=True, where="web", text_shown="Tell me about new products")  # fmt: skip
        account(session, "cm@tailor.example", password=PASSWORD, name="Cat Manager")
        set_role(session=session, email="cm@tailor.example", role="catalog_manager")
        session.commit()
        return ids


def fill(page: Any, **fields: str) -> None:
    for name, value in fields.items():
        field = page.locator(f'[name="{name}"]')
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def analysed(page: Any) -> Any:
    """The version page's analysis panel, once its findings are in."""
    page.locator("#analysis .analysis-summary").wait_for(timeout=120_000)
    return page.locator("#analysis")


def test_a_catalog_manager_edits_analyses_publishes_and_customers_are_told(
    browser: Any, db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_settings(monkeypatch, catalog_compile_inline=False, outbox_sweep_seconds=1)
    with deployment(db, tmp_path, monkeypatch) as deployed:
        first, second = deployed.workers
        wait_until(lambda: not offers_acid(first), "serving the seeded jeans")
        asking_for_acid(db)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            _journey(page, first)
        except Exception:
            page.screenshot(path=str(Path("test-artifacts") / "workspace_journey.png"), full_page=True)
            raise
        finally:
            context.close()
        assert not offers_acid(first)  # published for tomorrow: today's version still serves
        assert not offers_acid(second)
        with Session(db) as session:  # tomorrow comes
            session.execute(update(CatalogVersion).where(col(CatalogVersion.status) == "published",
                                                         col(CatalogVersion.number) == 2)
                            .values(effective_from=utcnow() - timedelta(seconds=1)))  # fmt: skip
            session.commit()
        wait_until(lambda: offers_acid(first) and offers_acid(second), "both workers serving the new version")
        wait_until(lambda: _noticed(db) == {"carla@example.com": True, "dave@example.com": False}, "notices kept")
        mails = deployed.inbox.wait_for(2)  # the manager's sign-up link, then the notice
        told = [(m, to) for m, to in zip(mails, deployed.inbox.recipients, strict=True) if to != ["cm@tailor.example"]]
        assert [to for _, to in told] == [["carla@example.com"]]
        text = told[0][0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert "Acid wash" in text
        assert re.search(r"https?://\S+/configure/jeans/jeans", text)


def _noticed(db: Engine) -> dict[str, bool]:
    from app.models import Identifier

    with Session(db) as session:
        rows = session.exec(
            select(Identifier.value, CatalogNotice.sent).where(
                Identifier.customer_id == CatalogNotice.customer_id, Identifier.kind == "email"
            )
        ).all()
        return dict(rows)


def _journey(page: Any, app: str) -> None:
    page.goto(f"{app}/signin")
    page.get_by_label("E-mail", exact=True).fill("cm@tailor.example")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/me")
    page.get_by_role("link", name="Catalogs").first.click()
    page.get_by_role("link", name="jeans", exact=True).click()
    page.get_by_role("button", name="Start draft").click()
    page.wait_for_url(re.compile(r".*/workspace/versions/\d+$"))
    version = page.url.rsplit("/", 1)[1]
    base = f"/workspace/versions/{version}/products/jeans"
    # a new wash
    page.locator(f'a[href="{base}/attributes/wash/options/new"]').click()
    fill(page, id="acid", label_en="Acid wash", label_es="Lavado ácido", label_pt="Lavagem ácida", price="15.00")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    # a rule that, as first written, leaves the acid wash no fit at all
    page.goto(f"{app}/workspace/versions/{version}")
    page.locator(f'a[href="{base}/rules/new?kind=excludes"]').click()
    fill(page, id="acid_fits", message_en="Acid wash is made in low-cut jeans only.", if_subject="wash",
         if_op="equals", if_values="acid", then_subject="fit", then_op="in", then_values=FITS)  # fmt: skip
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/workspace/versions/{version}")
    panel = analysed(page)
    dead = panel.locator(
        '[data-kind="dead_option"]', has=page.locator(f'a[href="{base}/attributes/wash/options/acid"]')
    )
    assert dead.count() >= 1
    assert "Acid wash is made in low-cut jeans only." in dead.first.inner_text()
    assert dead.first.locator(f'a[href="{base}/rules/acid_fits"]').count() >= 1
    # the fix: the acid wash is kept to low-cut jeans (every other fit excluded)
    page.locator(f'a[href="{base}/rules/acid_fits"]').first.click()
    fill(page, then_values="relaxed, classic, tapered, straight")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/workspace/versions/{version}")
    panel = analysed(page)
    assert (
        panel.locator(
            '[data-kind="dead_option"]', has=page.locator(f'a[href="{base}/attributes/wash/options/acid"]')
        ).count()
        == 0
    )
    # the diff against the version in force
    page.get_by_role("link", name="Diff against the version in force").click()
    page.wait_for_load_state()
    page.locator("text=acid").first.wait_for(timeout=120_000)
    assert "acid_fits" in page.content()
    # the impact, then publish for tomorrow
    page.goto(f"{app}/workspace/versions/{version}")
    page.get_by_role("link", name="Impact and publishing").click()
    page.wait_for_load_state()
    needs = page.locator("table", has=page.get_by_role("columnheader", name="Need")).inner_text()
    assert "Carla" in needs
    assert "Dave" in needs
    tomorrow = (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.locator('input[name="when"][value="later"]').check()
    page.locator("#effective").fill(tomorrow)
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    page.goto(f"{app}/workspace/catalogs/jeans")
    assert "scheduled" in page.locator("#versions tbody tr").first.inner_text()
