"""One to one: a signed-in customer who allows personalisation finds their needs prefilled, each saying
where it came from; their tier decides eligibility; measurements stated go back into the profile."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Customer, Interaction, Need, SavedConfiguration
from app.services.configurator.progress import abandoned
from app.services.customers.timeline import timeline
from tests.factories import measured
from tests.web.accounts import account, browse, sign_in, sign_up

JEANS = "/configure/jeans/jeans"
MAY = datetime(2025, 5, 3, 11, 0, tzinfo=UTC)


def signed_up(app_on: FastAPI, db: Engine, email: str, consent: bool, tier: str | None = None) -> TestClient:
    client = TestClient(app_on)
    sign_up(client, db, email, **({"consent_personalisation": "1"} if consent else {}))
    with Session(db) as session:
        customer = session.exec(select(Customer)).one()
        customer.tier = tier
        session.commit()
        measured(session, int(customer.id or 0), "waist", 32, at=MAY)
    return client


def test_known_needs_are_prefilled_with_their_source(app_on: FastAPI, db: Engine) -> None:
    client = signed_up(app_on, db, "ana@example.com", consent=True)
    page = client.get(JEANS)
    assert 'name="waist" inputmode="decimal"' in page.text
    assert re.search(r'id="f-waist" name="waist"[^>]*value="32"', page.text)
    assert "your waist, from your visit to the Madrid shop on 3 May 2025" in page.text
    chosen = client.get(JEANS, params={"waist": "30"})
    assert re.search(r'id="f-waist" name="waist"[^>]*value="30"', chosen.text)  # the customer's change wins
    assert "Filled in for you" not in chosen.text


def test_without_consent_nothing_is_prefilled(app_on: FastAPI, db: Engine) -> None:
    client = signed_up(app_on, db, "bo@example.com", consent=False)
    page = client.get(JEANS)
    assert "Filled in for you" not in page.text
    assert not re.search(r'id="f-waist" name="waist"[^>]*value="32"', page.text)


def test_tier_decides_eligibility_and_the_page_says_so(app_on: FastAPI, db: Engine) -> None:
    visitor = TestClient(app_on).get(JEANS)
    assert re.search(r'value="express"\s+disabled', visitor.text)
    client = signed_up(app_on, db, "cy@example.com", consent=True, tier="retain")
    page = client.get(JEANS)
    assert "the choices and prices shown are the ones for you" in page.text
    assert "retain" not in page.text.lower(), "internal tier names are never shown to customers"
    assert not re.search(r'value="express"\s+disabled', page.text)


def test_measurements_stated_on_the_page_go_back_into_the_profile(app_on: FastAPI, db: Engine) -> None:
    client = signed_up(app_on, db, "dee@example.com", consent=True)
    page = client.get(JEANS, params={"waist": "33", "inseam": "31"})
    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', page.text)
    assert token
    client.post(f"{JEANS}/save", data={"_csrf": token.group(1), "waist": "33", "inseam": "31"})
    with Session(db) as session:
        stated = {n.key: n.value for n in session.exec(select(Need).where(Need.place == "configurator")).all()}
    assert stated == {"waist": 33, "inseam": 31}


def test_the_configurator_session_is_on_the_timeline(app_on: FastAPI, db: Engine) -> None:
    client = signed_up(app_on, db, "eve@example.com", consent=True)
    browse(client, JEANS)
    browse(client, JEANS, params={"fit": "classic"})
    browse(client, JEANS, params={"inseam": "28", "addons": "turn_up_hem"})
    browse(client, JEANS, params={"inseam": "27", "addons": "turn_up_hem"})
    with Session(db) as session:
        customer = session.exec(select(Customer)).one()
        events = [i.links.get("event") for i in timeline(session=session, customer_id=int(customer.id or 0))]
        assert sorted(e for e in events if e) == ["conflict", "started"]
        assert abandoned(session=session, customer_id=int(customer.id or 0), before=datetime(2999, 1, 1, tzinfo=UTC))
    page = client.get(JEANS, params={"waist": "32"})
    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', page.text)
    assert token
    client.post(f"{JEANS}/save", data={"_csrf": token.group(1), "waist": "32"})
    with Session(db) as session:
        assert (
            abandoned(session=session, customer_id=int(customer.id or 0), before=datetime(2999, 1, 1, tzinfo=UTC)) == []
        )


def test_the_next_visit_picks_up_where_the_customer_stopped(app_on: FastAPI, db: Engine) -> None:
    laptop = signed_up(app_on, db, "fay@example.com", consent=False)
    browse(laptop, JEANS, params={"fit": "tapered", "opening": "flare"})
    browse(laptop, JEANS, params={"fit": "tapered", "opening": "flare", "wash": "black"})
    phone = TestClient(app_on)
    sign_in(phone, "fay@example.com")
    fresh = phone.get(JEANS)
    banner = re.search(r'<p class="notice resume-draft" role="status">.*?href="([^"]+)">([^<]+)</a>', fresh.text, re.S)
    assert banner, "a fresh page offers the configuration left on the other device"
    assert banner.group(2) == "Continue where you left off"
    back = phone.get(banner.group(1).replace("&amp;", "&"))
    assert re.search(r'value="black"\s+checked', back.text)
    assert "resume-draft" not in back.text  # once there, nothing more to offer
    with Session(db) as session:
        drafts = session.exec(select(SavedConfiguration).where(SavedConfiguration.draft)).all()
    assert [d.choices for d in drafts] == [{"fit": "tapered", "opening": "flare", "wash": "black"}]
    assert "fit" not in phone.get("/saved").text  # a draft is not one of the saved configurations


def test_a_rep_sees_what_was_left_unfinished_and_where(app_on: FastAPI, db: Engine) -> None:
    buyer = signed_up(app_on, db, "gus@example.com", consent=False)
    browse(buyer, JEANS, params={"fit": "relaxed", "waist": "36"})
    with Session(db) as session:
        customer_id = session.exec(select(Customer)).one().id
        for row in session.exec(select(Interaction)).all():  # the session ended three hours ago
            row.occurred_at = row.occurred_at - timedelta(hours=3)
        session.commit()
    rep = account(app_on, db, "rep@tailor.example", "rep")
    page = rep.get(f"/reps/customers/{customer_id}")
    assert "Left unfinished" in page.text
    link = re.search(r'href="([^"]+)">where they stopped</a>', page.text)
    assert link
    shown = rep.get(link.group(1))
    assert shown.status_code == 200
    assert "Relaxed" in shown.text


def test_opening_a_page_changes_nothing_the_beacon_records(app_on: FastAPI, db: Engine) -> None:
    client = signed_up(app_on, db, "hal@example.com", consent=False)
    with Session(db) as session:
        before = len(session.exec(select(Interaction)).all())
    for _ in range(3):
        client.get(JEANS, params={"fit": "classic", "waist": "32"})
    with Session(db) as session:
        assert len(session.exec(select(Interaction)).all()) == before, "a GET writes no timeline entry"
        assert session.exec(select(SavedConfiguration)).first() is None, "a GET keeps no draft"
    browse(client, JEANS, params={"fit": "classic", "waist": "32"})
    with Session(db) as session:
        assert len(session.exec(select(Interaction)).all()) == before + 1
        assert session.exec(select(SavedConfiguration)).one().choices == {"fit": "classic", "waist": 32}
    forged = client.post(f"{JEANS}/progress", data={"fit": "classic"})
    assert forged.status_code == 403, "the beacon is a CSRF-checked POST"
