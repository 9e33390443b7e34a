"""The rule editor: a new excludes rule, a compatibility table edited cell by cell in its grid,
an unknown option named by a rule shown at its field, read-only when published; only catalog managers."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.web.workspace.forms import document, every, fields, jeans_draft, post_form, published_jeans
from tests.web.workspace.roles import assert_only_catalog_managers, manager

RULES = "/workspace/versions/{v}/products/jeans/rules"


def rules(db: Engine, version: int) -> dict[str, dict[str, object]]:
    return {rule["id"]: rule for rule in document(db, version)["products"][0]["rules"]}


def test_a_new_excludes_rule_is_in_the_draft(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    answer = post_form(client, RULES.format(v=version) + "/new?kind=excludes", id="no_black_raw_hem",
                       message_en="Black jeans come without a turn-up hem.", message_es="Sin bajo vuelto en negro.",
                       message_pt="Sem bainha dobrada em preto.", if_subject="wash", if_op="equals", if_values="black",
                       then_subject="addons", then_op="in", then_values="turn_up_hem")  # fmt: skip
    assert answer.status_code == 303, answer.text
    assert rules(db, version)["no_black_raw_hem"] == {
        "id": "no_black_raw_hem", "kind": "excludes", "if": {"attribute": "wash", "equals": "black"},
        "then": {"attribute": "addons", "in": ["turn_up_hem"]},
        "message": {"en": "Black jeans come without a turn-up hem.", "es": "Sin bajo vuelto en negro.",
                    "pt": "Sem bainha dobrada em preto."}}  # fmt: skip


def test_an_unknown_option_in_a_rule_is_shown_at_its_field(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    answer = post_form(client, RULES.format(v=version) + "/new?kind=excludes", id="x", message_en="No.",
                       if_subject="wash", if_op="equals", if_values="purple", then_subject="addons", then_op="in",
                       then_values="turn_up_hem")  # fmt: skip
    assert answer.status_code == 422
    assert re.search(r'id="if_values-error">[^<]*purple', answer.text)
    assert fields(answer.text)["message_en"] == "No."
    missing = post_form(client, RULES.format(v=version) + "/new?kind=excludes", id="y", if_subject="wash")
    assert missing.status_code == 422
    assert 'id="message_en-error"' in missing.text


def test_a_compatibility_table_cell_is_edited_in_its_grid(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    new = post_form(client, RULES.format(v=version) + "/new?kind=table", id="wash_closure", message_en="Not together.",
                    attributes="wash, closure", mode="forbidden", rows="")  # fmt: skip
    assert new.status_code == 303
    url = RULES.format(v=version) + "/wash_closure"
    page = client.get(url).text
    assert page.count('type="checkbox" name="cell"') == 8
    assert 'aria-label="Black with Button fly allowed"' in page
    cells = re.findall(r'name="cell" value="([0-9,]+)"', page)
    data = {**fields(page), "cell": [cell for cell in cells if cell != "2,1"]}
    assert client.post(url, data=data, follow_redirects=False).status_code == 303
    assert rules(db, version)["wash_closure"]["forbidden"] == [["black", "buttoned"]]
    again = client.get(url).text
    assert 'value="2,1" id="cell-2-1"' in again
    assert not re.search(r'value="2,1" id="cell-2-1"\s+aria-label="[^"]*" checked', again)


def test_a_published_rule_is_read_only(app_on: FastAPI, db: Engine) -> None:
    version = published_jeans(db)
    client = manager(app_on, db)
    rule_id = next(iter(rules(db, version)))
    page = client.get(RULES.format(v=version) + f"/{rule_id}")
    assert page.status_code == 200
    assert ">Save</button>" not in page.text
    data = fields(page.text)
    assert client.post(RULES.format(v=version) + f"/{rule_id}", data=data).status_code == 409


def test_deleting_a_rule_and_unknown_rules(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    rule_id = next(iter(rules(db, version)))
    assert client.get(RULES.format(v=version) + "/nope").status_code == 404
    data = fields(client.get(RULES.format(v=version) + f"/{rule_id}").text)
    answer = client.post(RULES.format(v=version) + f"/{rule_id}/delete", data=data, follow_redirects=False)
    assert answer.status_code == 303
    assert rule_id not in rules(db, version)


def test_a_rule_post_without_its_csrf_token_is_refused(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    answer = manager(app_on, db).post(RULES.format(v=version) + "/new?kind=excludes", data={"id": "x"})
    assert answer.status_code == 403


def test_only_catalog_managers_edit_rules(app_on: FastAPI, db: Engine) -> None:
    url = RULES.format(v=jeans_draft(db)) + "/new"

    def post(client: TestClient) -> object:
        return client.post(url, data={"id": "x"}, follow_redirects=False)

    delete = lambda client: client.post(url + "/delete", data={})  # noqa: E731
    assert_only_catalog_managers(app_on, db, every(lambda client: client.get(url), post, delete))


def test_every_kind_of_rule_and_price_rule_has_a_form_and_every_seed_rule_opens(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    for kind in ("requires", "excludes", "table", "linear", "cardinality", "eligibility"):
        assert client.get(RULES.format(v=version) + f"/new?kind={kind}").status_code == 200, kind
    base = f"/workspace/versions/{version}/products/jeans/price-rules"
    for kind in ("tier_discount", "volume", "promotion"):
        assert client.get(f"{base}/new?kind={kind}").status_code == 200, kind
    product = document(db, version)["products"][0]
    for rule in product["rules"]:
        assert client.get(RULES.format(v=version) + f"/{rule['id']}").status_code == 200, rule["id"]
    for rule in product["price_rules"]:
        assert client.get(f"{base}/{rule['id']}").status_code == 200, rule["id"]


def test_every_seed_rule_saved_as_shown_is_kept(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    for rule in document(db, version)["products"][0]["rules"]:
        answer = post_form(client, RULES.format(v=version) + f"/{rule['id']}")
        assert answer.status_code == 303, (rule["id"], re.findall(r"field-error[^>]*>([^<]*)", answer.text))
