"""The loader's problems are said in the page's language: on the YAML page and at an option form's field."""

from __future__ import annotations

from html import unescape

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from tests.web.workspace.forms import post_form
from tests.web.workspace.roles import manager
from tests.web.workspace.test_drafts import seeded, upload
from tests.web.workspace.test_forms_options import OPTIONS, error_of
from tests.web.workspace.test_yaml import draft_id, form_of


def test_a_negative_price_is_said_in_spanish_on_the_yaml_page(app_on: FastAPI, db: Engine) -> None:
    version, client = draft_id(db), manager(app_on, db)
    form = form_of(client, version)
    form["text"] = form["text"].replace("base_price: 8900", "base_price: -5", 1)
    page = client.post(f"/workspace/versions/{version}/yaml", data=form, params={"lang": "es"})
    assert page.status_code == 422
    assert "-5 está por debajo del mínimo 0" in page.text
    assert "below the minimum" not in page.text
    english = client.post(f"/workspace/versions/{version}/yaml", data=form_of(client, version) | {
        "text": form["text"]}, params={"lang": "en"})  # fmt: skip
    assert "-5 is below the minimum 0" in english.text


def test_a_negative_price_is_said_in_spanish_at_the_option_field(app_on: FastAPI, db: Engine) -> None:
    version, client = draft_id(db), manager(app_on, db)
    answer = post_form(client, OPTIONS.format(v=version) + "/new?lang=es", id="acid", price="-3")
    assert answer.status_code == 422
    assert error_of(answer.text, "price") == "indica un importe de 0 o más"  # in euros as typed, not in cents


def test_a_duplicate_option_id_is_said_in_portuguese(app_on: FastAPI, db: Engine) -> None:
    version, client = draft_id(db), manager(app_on, db)
    answer = post_form(client, OPTIONS.format(v=version) + "/new?lang=pt", id="raw", price="1")
    assert answer.status_code == 422
    assert "id de opção repetido 'raw'" in unescape(error_of(answer.text, "id"))


def test_a_problem_off_the_form_is_listed_with_its_place_in_spanish(app_on: FastAPI, db: Engine) -> None:
    version, client = draft_id(db), manager(app_on, db)
    answer = post_form(client, OPTIONS.format(v=version) + "/raw?lang=es", id="raw2")  # rules still name 'raw'
    assert answer.status_code == 422
    listed = unescape(answer.text)
    assert "<code>products[0].rules[7].if.equals</code>: opción desconocida 'raw' para el atributo 'wash'" in listed
    assert "unknown option" not in listed


def test_an_uploaded_file_s_problems_are_said_in_portuguese(app_on: FastAPI, db: Engine) -> None:
    text, client = seeded(db), manager(app_on, db)
    client.get("/workspace/catalogs/jeans", params={"lang": "pt"})
    page = upload(client, "mine.yaml", text.replace("base_price: 8900", "base_price: -1", 1).encode())
    assert page.status_code == 422  # type: ignore[attr-defined]
    assert "-1 está abaixo do mínimo 0" in page.text  # type: ignore[attr-defined]
    broken = upload(client, "bad.yaml", b"\xff\xfe")
    assert "não é texto UTF-8 (byte 0)" in broken.text  # type: ignore[attr-defined]
