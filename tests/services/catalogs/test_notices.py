"""After a version comes into force, customers whose saved configuration broke or whose need is now met
are told, only with consent, in their language, recorded on their timeline, never twice (both databases)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.jobs.tasks import deliver_outbox_now, notify_catalogs_now
from app.models import CatalogNotice, Customer, Identifier, Interaction, Need, OutboxMessage, SavedConfiguration
from app.models.base import utcnow
from app.services.catalogs.notices import notify_in_force
from app.services.catalogs.publishing import publish_version
from app.services.catalogs.versions import edit_draft, version_by_id
from app.services.customers.consent import record_consent
from tests.mailbox import settings_for, smtp_server
from tests.services.catalogs.publishing_data import jeans_draft, managers
from tests.services.catalogs.test_impact import KNEES, knees_only_on_classic


def person(session: Session, name: str, *, consents: tuple[str, ...] = (), locale: str = "en") -> int:
    customer = Customer(name=name, locale=locale)
    session.add(customer)
    session.flush()
    session.add(Identifier(customer_id=customer.id or 0, kind="email", value=f"{name}@example.com"))
    session.commit()
    for purpose in consents:
        record_consent(session=session, customer_id=customer.id or 0, channel="email", purpose=purpose, granted=True,
                       where="test", text_shown="yes")  # fmt: skip
    return customer.id or 0


def saves(session: Session, customer_id: int, choices: dict[str, Any]) -> None:
    session.add(SavedConfiguration(share_code=f"s{customer_id}", resume_hash=f"r{customer_id}", catalog_id="jeans",
                                   customer_id=customer_id, catalog_version="1", product_id="jeans",
                                   choices=choices))  # fmt: skip
    session.commit()


def with_new_wash(session: Session, draft: int) -> None:
    document = version_by_id(session=session, version_id=draft).document
    for product in document["products"]:
        for module in product.get("modules", []):
            for attribute in module.get("attributes", []):
                if attribute["id"] == "wash":
                    attribute["options"].append({"id": "moon_wash", "label": {"en": "Moon", "es": "Luna", "pt": "Lua"}})
    edit_draft(session=session, version_id=draft, document=document)


def test_consenting_customers_are_told_once_in_their_language_with_the_repair_link(session: Session) -> None:
    author, _ = managers(session)
    ana = person(session, "ana", consents=("personalisation",), locale="es")
    bob = person(session, "bob")
    carla = person(session, "carla", consents=("new_products",))
    saves(session, ana, KNEES)
    saves(session, bob, KNEES)
    session.add(Need(customer_id=carla, kind="preference", key="wash", value="moon_wash", channel="web"))
    session.commit()
    draft = jeans_draft(session, base_price=8900)
    knees_only_on_classic(session, draft)
    with_new_wash(session, draft)
    publish_version(session=session, version_id=draft, author_id=author)
    assert notify_in_force(session=session) == 2
    mails = {m.to_address: m for m in session.exec(select(OutboxMessage)).all()}
    assert set(mails) == {"ana@example.com", "carla@example.com"}
    assert "/configure/jeans/jeans?" in mails["ana@example.com"].body_text
    assert mails["ana@example.com"].locale == "es"
    assert mails["ana@example.com"].body_text.startswith("Hola, ana")
    assert "Wash: Moon" in mails["carla@example.com"].body_text  # the option as the customer reads it
    assert "wash=moon_wash" in mails["carla@example.com"].body_text  # the link opens it chosen
    timeline = session.exec(select(Interaction).where(Interaction.customer_id == ana)).all()
    assert [event.kind for event in timeline] == ["catalog_notice"]
    assert {n.customer_id: n.sent for n in session.exec(select(CatalogNotice)).all()} == {ana: True, bob: False,
                                                                                         carla: True}  # fmt: skip
    assert notify_in_force(session=session) == 0
    assert len(session.exec(select(OutboxMessage)).all()) == 2


def test_nobody_is_told_before_the_effective_moment(session: Session) -> None:
    author, _ = managers(session)
    ana = person(session, "ana", consents=("personalisation",))
    saves(session, ana, KNEES)
    draft = jeans_draft(session, base_price=8900)
    knees_only_on_classic(session, draft)
    tomorrow = utcnow() + timedelta(days=1)
    publish_version(session=session, version_id=draft, author_id=author, effective_from=tomorrow)
    assert notify_in_force(session=session) == 0
    assert notify_in_force(session=session, now=tomorrow + timedelta(minutes=1)) == 1
    assert notify_in_force(session=session, now=tomorrow + timedelta(minutes=2)) == 0


def test_the_worker_tasks_deliver_the_notice_to_the_smtp_server_only_for_consent(
    db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server() as inbox, settings_for(db, inbox, tmp_path, monkeypatch):
        with Session(db) as session:
            author, _ = managers(session)
            ana = person(session, "ana", consents=("personalisation",))
            saves(session, ana, KNEES)
            saves(session, person(session, "bob"), KNEES)
            draft = jeans_draft(session, base_price=8900)
            knees_only_on_classic(session, draft)
            publish_version(session=session, version_id=draft, author_id=author)
        assert notify_catalogs_now() == 1
        assert deliver_outbox_now() == 1
        assert notify_catalogs_now() == 0
        [mail] = inbox.wait_for(1)
        assert mail["To"] == "ana@example.com"
        assert "/configure/jeans/jeans?" in mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
