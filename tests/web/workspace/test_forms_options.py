"""The option editor: a new wash for the jeans, edits logged by field, errors at their fields, stale copies,
published versions read-only; only catalog managers."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import CatalogEdit
from tests.web.accounts import csrf
from tests.web.workspace.forms import document, every, fields, jeans_draft, post_form, published_jeans
from tests.web.workspace.roles import assert_only_catalog_managers, manager

OPTIONS = "/workspace/versions/{v}/products/jeans/attributes/wash/options"


def wash(db: Engine, version: int) -> list[dict[str, object]]:
    return document(db, version)["products"][0]["modules"][2]["attributes"][0]["options"]  # type: ignore[no-any-return]


def error_of(page: str, name: str) -> str:
    found = re.search(rf'id="{name}-error">([^<]*)<', page)
    assert found, f"no error at {name}"
    return found.group(1)


def test_the_outline_links_every_part_to_its_editor(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    page = manager(app_on, db).get(f"/workspace/versions/{version}").text
    assert f'href="{OPTIONS.format(v=version)}/stonewash"' in page
    assert f'href="{OPTIONS.format(v=version)}/new"' in page
    assert "/products/jeans/rules/new?kind=excludes" in page
    assert "Stonewash" in page
    assert "€5.00" in page


def test_a_new_wash_with_its_labels_and_price_is_in_the_draft_and_logged(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    answer = post_form(client, OPTIONS.format(v=version) + "/new", id="acid", label_en="Acid wash",
                       label_es="Lavado ácido", label_pt="Lavagem ácida", price="8.50", cost="2")  # fmt: skip
    assert answer.status_code == 303
    assert wash(db, version)[-1] == {"id": "acid", "label": {"en": "Acid wash", "es": "Lavado ácido",
                                     "pt": "Lavagem ácida"}, "price": 850, "cost": 200}  # fmt: skip
    with Session(db) as session:
        paths = [edit.path for edit in session.exec(select(CatalogEdit).where(CatalogEdit.version_id == version))]
        authors = {edit.account_id for edit in session.exec(select(CatalogEdit))}
    assert any("options[acid]" in path for path in paths)
    assert None not in authors


def test_editing_a_price_changes_only_that_field(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    assert post_form(client, OPTIONS.format(v=version) + "/black", price="7.50").status_code == 303
    assert wash(db, version)[2]["price"] == 750
    with Session(db) as session:
        paths = [edit.path for edit in session.exec(select(CatalogEdit).where(CatalogEdit.version_id == version))]
    assert paths == ["products[jeans].modules[addons].attributes[wash].options[black].price"]


def test_bad_values_are_shown_at_their_fields_and_kept(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    url = OPTIONS.format(v=version) + "/new"
    answer = post_form(client, url, id="acid", label_en="Acid", price="abc")
    assert answer.status_code == 422
    assert "is not a number" in error_of(answer.text, "price")
    assert fields(answer.text)["label_en"] == "Acid"
    negative = post_form(client, url, id="acid", price="-3")
    assert negative.status_code == 422
    assert error_of(negative.text, "price") == "give an amount of 0 or more"
    duplicate = post_form(client, url, id="raw", price="1")
    assert duplicate.status_code == 422
    assert error_of(duplicate.text, "id")
    assert len(wash(db, version)) == 4


def test_errors_are_said_in_the_pages_language(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    answer = post_form(client, OPTIONS.format(v=version) + "/new?lang=es", id="acid", price="abc")
    assert answer.status_code == 422
    assert "no es un número" in error_of(answer.text, "price")


def test_a_save_from_a_stale_copy_is_refused_and_keeps_the_input(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    url = OPTIONS.format(v=version) + "/black"
    stale = fields(client.get(url).text)
    assert post_form(client, url, price="7.50").status_code == 303
    answer = client.post(url, data={**stale, "price": "9.99"}, follow_redirects=False)
    assert answer.status_code == 409
    assert fields(answer.text)["price"] == "9.99"
    assert wash(db, version)[2]["price"] == 750


def test_a_published_option_is_read_only(app_on: FastAPI, db: Engine) -> None:
    version = published_jeans(db)
    client = manager(app_on, db)
    url = OPTIONS.format(v=version) + "/black"
    page = client.get(url)
    assert page.status_code == 200
    assert "readonly" in page.text
    assert ">Save</button>" not in page.text
    token = csrf(client, f"/workspace/versions/{jeans_draft(db)}/products/jeans/attributes/wash/options/black")
    answer = client.post(url, data={"_csrf": token, "id": "black", "price": "1"}, follow_redirects=False)
    assert answer.status_code == 409
    assert "cannot change" in answer.text


def test_deleting_an_option(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    url = OPTIONS.format(v=version) + "/black"
    data = fields(client.get(url).text)
    answer = client.post(url + "/delete", data={"_csrf": data["_csrf"], "seen_hash": data["seen_hash"]},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    assert [o["id"] for o in wash(db, version)] == ["rinse", "stonewash", "raw"]


def test_unknown_parts_are_not_found(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    assert client.get(OPTIONS.format(v=version) + "/nope").status_code == 404
    assert client.get(f"/workspace/versions/{version}/products/jeans/attributes/nope/options/new").status_code == 404
    assert client.get(OPTIONS.format(v=999999) + "/raw").status_code == 404


def test_a_post_without_its_csrf_token_is_refused(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    answer = client.post(OPTIONS.format(v=version) + "/new", data={"id": "acid"}, follow_redirects=False)
    assert answer.status_code == 403
    assert len(wash(db, version)) == 4


def test_only_catalog_managers_edit_options(app_on: FastAPI, db: Engine) -> None:
    url = OPTIONS.format(v=jeans_draft(db)) + "/black"

    def post(client: TestClient) -> object:
        return client.post(url, data={"id": "black"}, follow_redirects=False)

    delete = lambda client: client.post(url + "/delete", data={})  # noqa: E731
    assert_only_catalog_managers(app_on, db, every(lambda client: client.get(url), post, delete))


def test_a_published_outline_only_links_to_views(app_on: FastAPI, db: Engine) -> None:
    version = published_jeans(db)
    page = manager(app_on, db).get(f"/workspace/versions/{version}").text
    assert f'href="{OPTIONS.format(v=version)}/black">view</a>' in page
    assert "/options/new" not in page
    assert "rules/new?kind=" not in page


def test_an_option_id_with_a_space_is_linked_and_edited(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    assert post_form(client, OPTIONS.format(v=version) + "/new", id="Acid Wash", price="1").status_code == 303
    assert f'href="{OPTIONS.format(v=version)}/Acid%20Wash"' in client.get(f"/workspace/versions/{version}").text
    answer = post_form(client, OPTIONS.format(v=version) + "/Acid%20Wash", price="2")
    assert answer.status_code == 303
    assert wash(db, version)[-1]["price"] == 200
