"""Drafts as a whole in the workspace: started from any version, uploaded from a catalog file or a model
(never in force), refused with located problems, discarded; only catalog managers, CSRF checked."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.catalog.limits import MAX_UVL_BYTES
from app.models import CatalogVersion
from app.services.catalogs import drafts as drafts_service
from app.services.catalogs.drafts import version_text
from app.services.catalogs.in_force import version_in_force
from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft, publish_draft, version_of
from tests.web.accounts import csrf
from tests.web.workspace.roles import assert_only_catalog_managers, manager

UVL = "features\n    jeans\n        optional\n            Pocket\n            Rivets\n"


def seeded(db: Engine) -> str:
    """The seeded jeans catalog as YAML text."""
    with Session(db) as session:
        seed_catalogs(session=session)
        return version_text(version_of(session=session, catalog_id="jeans", number=1))


def token(client: TestClient) -> str:
    return csrf(client, "/workspace/catalogs/jeans")


def drafts(db: Engine) -> list[CatalogVersion]:
    with Session(db) as session:
        return list(session.exec(select(CatalogVersion).where(CatalogVersion.status == "draft")).all())


def upload(client: TestClient, name: str, data: bytes, **extra: str) -> object:
    return client.post("/workspace/catalogs/jeans/upload", data={"_csrf": token(client), **extra},
                       files={"file": (name, data)}, follow_redirects=False)  # fmt: skip


def test_the_catalog_page_offers_a_new_draft_and_an_upload(app_on: FastAPI, db: Engine) -> None:
    seeded(db)
    page = manager(app_on, db).get("/workspace/catalogs/jeans")
    assert '/workspace/catalogs/jeans/drafts"' in page.text
    assert 'name="from_version"' in page.text
    assert 'enctype="multipart/form-data"' in page.text


def test_a_draft_starts_from_a_chosen_version(app_on: FastAPI, db: Engine) -> None:
    seeded(db)
    client = manager(app_on, db)
    made = client.post("/workspace/catalogs/jeans/drafts", data={"_csrf": token(client), "from_version": "1"},
                       follow_redirects=False)  # fmt: skip
    assert made.status_code == 303
    found = re.search(r"/workspace/versions/(\d+)$", made.headers["location"])
    assert found
    (draft,) = drafts(db)
    assert draft.id == int(found.group(1))
    assert draft.author_id is not None
    latest = client.post("/workspace/catalogs/jeans/drafts", data={"_csrf": token(client)}, follow_redirects=False)
    assert latest.status_code == 303
    assert len(drafts(db)) == 2
    bad = client.post("/workspace/catalogs/jeans/drafts", data={"_csrf": token(client), "from_version": "x"})
    assert bad.status_code == 422
    assert "from_version" in bad.text
    assert client.post("/workspace/catalogs/jeans/drafts", data={"_csrf": token(client), "from_version": "99"}
                       ).status_code == 404  # fmt: skip


def test_an_uploaded_yaml_lands_in_a_draft_never_in_force(app_on: FastAPI, db: Engine) -> None:
    text = seeded(db).replace("base_price: 8900", "base_price: 9500", 1)
    client = manager(app_on, db)
    answer = upload(client, "jeans.yaml", text.encode())
    assert answer.status_code == 303  # type: ignore[attr-defined]
    (draft,) = drafts(db)
    assert draft.document["products"][0]["base_price"] == 9500
    with Session(db) as session:
        in_force = version_in_force(session=session, catalog_id="jeans")
        assert in_force is not None
        assert in_force.number == 1


def test_an_uploaded_model_is_imported_into_a_draft(app_on: FastAPI, db: Engine) -> None:
    seeded(db)
    answer = upload(manager(app_on, db), "Jeans.uvl", UVL.encode())
    assert answer.status_code == 303  # type: ignore[attr-defined]
    (draft,) = drafts(db)
    assert draft.document["id"] == "jeans"
    assert "uploaded from Jeans.uvl" in draft.notes


def test_a_bad_upload_shows_the_catalog_page_with_located_problems(app_on: FastAPI, db: Engine) -> None:
    text = seeded(db)
    line = text.splitlines().index("  base_price: 8900") + 1
    client = manager(app_on, db)
    client.get("/workspace/catalogs/jeans", params={"lang": "pt"})
    page = upload(client, "mine.yaml", text.replace("base_price: 8900", "base_price: -1", 1).encode())
    assert page.status_code == 422  # type: ignore[attr-defined]
    assert "mine.yaml" in page.text  # type: ignore[attr-defined]
    assert f"Linha {line}" in page.text  # type: ignore[attr-defined]
    assert "products[0].base_price" in page.text  # type: ignore[attr-defined]
    assert 'id="versions"' in page.text  # type: ignore[attr-defined]
    other = upload(client, "shirts.yaml", text.replace("id: jeans", "id: shirts", 1).encode())
    assert other.status_code == 422  # type: ignore[attr-defined]
    assert "o catálogo &#39;shirts&#39;, não &#39;jeans&#39;" in other.text  # type: ignore[attr-defined]
    assert drafts(db) == []


def test_an_oversize_upload_is_refused(app_on: FastAPI, db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded(db)
    client = manager(app_on, db)
    past_the_body_limit = upload(client, "big.uvl", b"x" * (MAX_UVL_BYTES + 1))
    assert past_the_body_limit.status_code == 413  # type: ignore[attr-defined]
    monkeypatch.setattr(drafts_service, "MAX_UVL_BYTES", 2**10)
    page = upload(client, "big.uvl", b"x" * (2**10 + 1))
    assert page.status_code == 413  # type: ignore[attr-defined]
    assert "&#39;big.uvl&#39; is larger than" in page.text  # type: ignore[attr-defined]
    assert 'id="versions"' in page.text  # type: ignore[attr-defined]
    assert drafts(db) == []


def test_a_draft_is_discarded_only_when_confirmed_and_only_a_draft(app_on: FastAPI, db: Engine) -> None:
    seeded(db)
    with Session(db) as session:
        version = create_draft(session=session, catalog_id="jeans").id
        published = publish_draft(session=session, version_id=create_draft(session=session, catalog_id="jeans").id or 0)
    client = manager(app_on, db)
    page = client.get(f"/workspace/versions/{version}")
    assert f'action="/workspace/versions/{version}/discard"' in page.text
    url = f"/workspace/versions/{version}/discard"
    assert client.post(url, data={"_csrf": token(client)}).status_code == 422
    gone = client.post(url, data={"_csrf": token(client), "confirm": "yes"}, follow_redirects=False)
    assert gone.status_code == 303
    assert gone.headers["location"].endswith("/workspace/catalogs/jeans")
    assert client.get(f"/workspace/versions/{version}").status_code == 404
    assert client.post(url, data={"_csrf": token(client), "confirm": "yes"}).status_code == 404
    kept = client.post(f"/workspace/versions/{published.id}/discard", data={"_csrf": token(client), "confirm": "yes"})
    assert kept.status_code == 409
    assert "only a draft can be discarded" in kept.text


def test_unknown_catalogs_are_not_found(app_on: FastAPI, db: Engine) -> None:
    seeded(db)
    client = manager(app_on, db)
    assert client.post("/workspace/catalogs/nope/drafts", data={"_csrf": token(client)}).status_code == 404
    answer = client.post("/workspace/catalogs/nope/upload", data={"_csrf": token(client)},
                         files={"file": ("nope.yaml", b"id: nope")})  # fmt: skip
    assert answer.status_code == 404


def test_a_form_without_its_csrf_token_is_refused(app_on: FastAPI, db: Engine) -> None:
    seeded(db)
    with Session(db) as session:
        version = create_draft(session=session, catalog_id="jeans").id
    client = manager(app_on, db)
    assert client.post("/workspace/catalogs/jeans/drafts", data={}).status_code == 403
    assert client.post("/workspace/catalogs/jeans/upload", files={"file": ("j.yaml", b"x")}).status_code == 403
    assert client.post(f"/workspace/versions/{version}/discard", data={"confirm": "yes"}).status_code == 403
    assert len(drafts(db)) == 1


def test_only_catalog_managers_start_drafts(app_on: FastAPI, db: Engine) -> None:
    seeded(db)
    assert_only_catalog_managers(app_on, db, lambda client: client.post("/workspace/catalogs/jeans/drafts"))


def test_only_catalog_managers_upload(app_on: FastAPI, db: Engine) -> None:
    seeded(db)
    assert_only_catalog_managers(
        app_on, db, lambda client: client.post("/workspace/catalogs/jeans/upload", files={"file": ("j.yaml", b"x")})
    )


def test_only_catalog_managers_discard(app_on: FastAPI, db: Engine) -> None:
    seeded(db)
    with Session(db) as session:
        version = create_draft(session=session, catalog_id="jeans").id
    assert_only_catalog_managers(app_on, db, lambda client: client.post(f"/workspace/versions/{version}/discard"))
    assert len(drafts(db)) == 1
