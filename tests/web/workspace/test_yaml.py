"""A draft edited as YAML in the page: saved with its edit log, problems shown at their lines with the typed
text kept, a stale copy refused with both texts, a published version read-only; only catalog managers."""

from __future__ import annotations

import re
from html import unescape

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.models import CatalogVersion
from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft, publish_draft
from tests.web.accounts import csrf
from tests.web.workspace.roles import assert_only_catalog_managers, manager


def draft_id(db: Engine) -> int:
    with Session(db) as session:
        seed_catalogs(session=session)
        return create_draft(session=session, catalog_id="jeans").id or 0


def form_of(client: TestClient, version: int) -> dict[str, str]:
    """The YAML form's fields as the page gives them."""
    page = client.get(f"/workspace/versions/{version}/yaml")
    text = re.search(r'<textarea id="yaml-text" name="text"[^>]*>(.*?)</textarea>', page.text, re.S)
    edited_from = re.search(r'name="edited_from" value="([0-9a-f]+)"', page.text)
    assert text
    assert edited_from
    token = csrf(client, f"/workspace/versions/{version}/yaml")
    # the browser drops the one newline that follows <textarea> (the page writes it so the text's own first
    # newline, if any, survives)
    typed = unescape(text.group(1)).removeprefix("\n")
    return {"_csrf": token, "text": typed, "edited_from": edited_from.group(1)}


def price(db: Engine, version: int) -> int:
    with Session(db) as session:
        stored = session.get(CatalogVersion, version)
        assert stored is not None
        return int(stored.document["products"][0]["base_price"])


def test_a_draft_saved_as_yaml_is_kept_and_logged(app_on: FastAPI, db: Engine) -> None:
    version, client = draft_id(db), manager(app_on, db)
    page = client.get(f"/workspace/versions/{version}/yaml")
    assert page.status_code == 200
    assert f'hx-get="/workspace/versions/{version}/analysis"' in page.text
    form = form_of(client, version)
    changed = form["text"].replace("base_price: 8900", "base_price: 9900", 1)
    form["text"] = changed.replace("\n", "\r\n")  # as browsers send a textarea
    saved = client.post(f"/workspace/versions/{version}/yaml", data=form, follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"].endswith(f"/workspace/versions/{version}/yaml?saved=1")
    assert 'class="notice"' in client.get(saved.headers["location"]).text
    assert price(db, version) == 9900
    log = client.get(f"/workspace/versions/{version}/log").text
    assert log.count('<code class="log-path">') == 1  # only the field that changed
    assert "products[jeans].base_price" in log
    assert "cm@example.com" in log


def test_a_negative_price_is_shown_at_its_line_with_the_text_kept(app_on: FastAPI, db: Engine) -> None:
    version, client = draft_id(db), manager(app_on, db)
    form = form_of(client, version)
    line = form["text"].splitlines().index("  base_price: 8900") + 1
    form["text"] = form["text"].replace("base_price: 8900", "base_price: -5", 1) + "# mine\n"
    page = client.post(f"/workspace/versions/{version}/yaml", data=form, params={"lang": "es"})
    assert page.status_code == 422
    assert f'data-line="{line}"' in page.text
    assert f"Línea {line}" in page.text
    assert "products[0].base_price" in page.text
    assert "base_price: -5" in page.text
    assert "# mine" in page.text
    assert price(db, version) == 8900


def test_a_yaml_syntax_error_names_its_line(app_on: FastAPI, db: Engine) -> None:
    version, client = draft_id(db), manager(app_on, db)
    form = form_of(client, version)
    form["text"] = "format: 1\nid: jeans\nproducts:\n  - id: [\n"
    page = client.post(f"/workspace/versions/{version}/yaml", data=form)
    assert page.status_code == 422
    assert re.search(r'data-line="\d+"', page.text)
    assert "Line " in page.text
    assert "  - id: [" in unescape(page.text)


def test_a_stale_copy_is_refused_with_both_texts(app_on: FastAPI, db: Engine) -> None:
    version, client = draft_id(db), manager(app_on, db)
    stale = form_of(client, version)
    first = dict(stale, text=stale["text"].replace("base_price: 8900", "base_price: 9100", 1))
    assert client.post(f"/workspace/versions/{version}/yaml", data=first, follow_redirects=False).status_code == 303
    mine = dict(stale, text=stale["text"].replace("base_price: 8900", "base_price: 9200", 1))
    page = client.post(f"/workspace/versions/{version}/yaml", data=mine)
    assert page.status_code == 409
    assert "Another manager saved this draft" in page.text
    assert "base_price: 9200" in page.text
    assert "base_price: 9100" in page.text
    assert '<span class="diff-theirs">-  base_price: 9100</span>' in page.text
    assert '<span class="diff-mine">+  base_price: 9200</span>' in page.text
    assert price(db, version) == 9100


def test_a_published_version_is_read_only(app_on: FastAPI, db: Engine) -> None:
    version, client = draft_id(db), manager(app_on, db)
    form = form_of(client, version)
    with Session(db) as session:
        publish_draft(session=session, version_id=version)
    page = client.get(f"/workspace/versions/{version}/yaml")
    assert page.status_code == 200
    assert "readonly" in page.text
    assert 'name="text"' not in page.text
    refused = client.post(f"/workspace/versions/{version}/yaml", data=form)
    assert refused.status_code == 409
    assert "only a draft can be edited" in refused.text


def test_another_catalogs_text_is_refused(app_on: FastAPI, db: Engine) -> None:
    version, client = draft_id(db), manager(app_on, db)
    form = form_of(client, version)
    form["text"] = form["text"].replace("id: jeans", "id: shirts", 1)
    page = client.post(f"/workspace/versions/{version}/yaml", data=form)
    assert page.status_code == 422
    assert "not &#39;jeans&#39;" in page.text or "not 'jeans'" in page.text


def test_unknown_versions_and_missing_csrf(app_on: FastAPI, db: Engine) -> None:
    version, client = draft_id(db), manager(app_on, db)
    assert client.get("/workspace/versions/999999/yaml").status_code == 404
    form = form_of(client, version)
    assert client.post("/workspace/versions/999999/yaml", data=form).status_code == 404
    form.pop("_csrf")
    assert client.post(f"/workspace/versions/{version}/yaml", data=form).status_code == 403


def test_only_catalog_managers_read_yaml(app_on: FastAPI, db: Engine) -> None:
    version = draft_id(db)
    assert_only_catalog_managers(app_on, db, lambda client: client.get(f"/workspace/versions/{version}/yaml"))


def test_only_catalog_managers_save_yaml(app_on: FastAPI, db: Engine) -> None:
    version = draft_id(db)
    assert_only_catalog_managers(
        app_on, db, lambda client: client.post(f"/workspace/versions/{version}/yaml", data={"text": "x"})
    )
