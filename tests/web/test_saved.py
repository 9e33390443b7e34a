"""Save, resume on another device, share read-only; CSRF on the save form (on SQLite and PostgreSQL)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import SavedConfiguration

JEANS = "/configure/jeans/jeans"


def csrf_of(page: str) -> str:
    found = re.search(r'name="_csrf" value="([0-9a-f]+)"', page)
    assert found
    return found.group(1)


def test_save_resume_on_another_device_and_share(app_on: object, db: Engine) -> None:
    laptop = TestClient(app_on, follow_redirects=False)  # type: ignore[arg-type]
    page = laptop.get(JEANS, params={"fit": "classic", "waist": "32", "addons": "turn_up_hem", "inseam": "31"})
    saved = laptop.post(f"{JEANS}/save", data={"_csrf": csrf_of(page.text), "fit": "classic", "waist": "32",
                                               "addons": "turn_up_hem", "inseam": "31"})  # fmt: skip
    assert saved.status_code == 303
    private = saved.headers["location"]
    with Session(db) as session:
        row = session.exec(select(SavedConfiguration)).one()
        assert row.choices == {"fit": "classic", "waist": 32, "inseam": 31, "addons": ["turn_up_hem"]}
        assert private.rsplit("/", 1)[1] not in row.resume_hash  # only the hash of the code is stored
    phone = TestClient(app_on)  # type: ignore[arg-type]
    resumed = phone.get(private)
    assert resumed.status_code == 200
    assert "Continue configuring" in resumed.text
    cont = re.search(r'href="([^"]+)">Continue configuring', resumed.text)
    assert cont
    again = phone.get(cont.group(1).replace("&amp;", "&"))
    assert re.search(r'value="classic"\s+checked', again.text)
    share = re.search(r'id="share-link" class="link" readonly value="([^"]+)"', resumed.text)
    assert share
    friend = TestClient(app_on).get(share.group(1))  # type: ignore[arg-type]
    assert friend.status_code == 200
    assert "Make one like this" in friend.text
    assert "Your private link" not in friend.text
    listed = laptop.get("/saved")
    assert "Continue" in listed.text
    assert "Nothing saved on this browser yet" in phone.get("/saved").text


def test_save_without_the_form_token_is_refused(app_on: object, db: Engine) -> None:
    client = TestClient(app_on)  # type: ignore[arg-type]
    client.get(JEANS)
    refused = client.post(f"{JEANS}/save", data={"_csrf": "forged", "fit": "classic"})
    assert refused.status_code == 403
    assert "did not come from this site" in refused.text
    stranger = TestClient(app_on).post(f"{JEANS}/save", data={"fit": "classic"})  # type: ignore[arg-type]
    assert stranger.status_code == 403
    with Session(db) as session:
        assert session.exec(select(SavedConfiguration)).all() == []


def test_unknown_links_are_404_pages(app_on: object) -> None:
    client = TestClient(app_on)  # type: ignore[arg-type]
    assert client.get("/saved/not-a-code").status_code == 404
    assert client.get("/shared/nope").status_code == 404
