"""The product, module, attribute and price-rule editors: edits kept, new parts of every kind, errors at
their fields, read-only when published; only catalog managers."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from tests.web.workspace.forms import document, every, fields, jeans_draft, post_form, published_jeans
from tests.web.workspace.roles import assert_only_catalog_managers, manager

P = "/workspace/versions/{v}/products/jeans"


def jeans(db: Engine, version: int) -> dict[str, object]:
    return document(db, version)["products"][0]  # type: ignore[no-any-return]


def test_the_products_base_price_is_edited(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    answer = post_form(manager(app_on, db), P.format(v=version), base_price="95.00")
    assert answer.status_code == 303
    assert jeans(db, version)["base_price"] == 9500


def test_a_new_module_starts_with_a_yes_no_attribute(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    answer = post_form(manager(app_on, db), P.format(v=version) + "/modules/new", id="care", label_en="Care",
                       attribute_id="waterproofing")  # fmt: skip
    assert answer.status_code == 303
    module = jeans(db, version)["modules"][-1]  # type: ignore[index]
    assert module == {"id": "care", "label": {"en": "Care"}, "attributes": [{"id": "waterproofing", "kind": "yes_no"}]}


def test_new_attributes_of_every_kind(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    new = P.format(v=version) + "/modules/addons/attributes/new?kind="
    assert post_form(client, new + "numeric", id="rise", min="8", max="12", step="0.5", unit="in").status_code == 303
    assert post_form(client, new + "many_of", id="patches", max_count="2", option_id="star").status_code == 303
    assert post_form(client, new + "yes_no", id="belt", price="12.00").status_code == 303
    assert post_form(client, new + "one_of", id="thread", label_es="Hilo", option_id="gold").status_code == 303
    added = {a["id"]: a for a in jeans(db, version)["modules"][2]["attributes"]}  # type: ignore[index]
    assert added["rise"] == {"id": "rise", "kind": "numeric", "min": 8, "max": 12, "step": 0.5, "unit": "in"}
    assert added["patches"] == {"id": "patches", "kind": "many_of", "options": [{"id": "star"}], "max_count": 2}
    assert added["belt"]["price"] == 1200
    assert added["thread"]["label"] == {"es": "Hilo"}


def test_a_bad_range_is_shown_and_kept(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    answer = post_form(client, P.format(v=version) + "/attributes/waist", min="50", max="abc")
    assert answer.status_code == 422
    assert re.search(r'id="max-error">[^<]*not a number', answer.text)
    assert fields(answer.text)["min"] == "50"


def test_a_new_promotion(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    answer = post_form(
        manager(app_on, db),
        P.format(v=version) + "/price-rules/new?kind=promotion",
        id="winter",
        label_en="Winter sale",
        percent="10",
        when_subject="wash",
        when_op="equals",
        when_values="raw",
    )
    assert answer.status_code == 303
    rule = jeans(db, version)["price_rules"][-1]  # type: ignore[index]
    assert rule == {"id": "winter", "kind": "promotion", "label": {"en": "Winter sale"}, "percent": 10,
                    "when": {"attribute": "wash", "equals": "raw"}}  # fmt: skip


def test_editing_an_existing_price_rule_and_deleting_a_module(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    client = manager(app_on, db)
    rule_id = jeans(db, version)["price_rules"][0]["id"]  # type: ignore[index]
    assert post_form(client, P.format(v=version) + f"/price-rules/{rule_id}", label_pt="Desconto").status_code == 303
    assert jeans(db, version)["price_rules"][0]["label"]["pt"] == "Desconto"  # type: ignore[index]
    url = P.format(v=version) + "/attributes/fit"
    data = fields(client.get(url).text)
    refused = client.post(url + "/delete", data={"_csrf": data["_csrf"], "seen_hash": data["seen_hash"]})
    assert refused.status_code == 409  # rules and the drawing still name it
    assert "nothing was deleted" in refused.text


def test_published_parts_are_read_only_and_unknown_ones_not_found(app_on: FastAPI, db: Engine) -> None:
    client = manager(app_on, db)
    published = published_jeans(db)
    page = client.get(P.format(v=published) + "/modules/style")
    assert page.status_code == 200
    assert ">Save</button>" not in page.text
    assert client.post(P.format(v=published) + "/modules/style", data=fields(page.text)).status_code == 409
    version = jeans_draft(db)
    for url in ("/modules/nope", "/attributes/nope", "/price-rules/nope", "/gadgets/x", "/../nope"):
        assert client.get(P.format(v=version) + url).status_code == 404, url
    assert client.get(f"/workspace/versions/{version}/products/nope").status_code == 404


def test_a_part_post_without_its_csrf_token_is_refused(app_on: FastAPI, db: Engine) -> None:
    version = jeans_draft(db)
    assert manager(app_on, db).post(P.format(v=version), data={"base_price": "1"}).status_code == 403


def test_only_catalog_managers_edit_parts(app_on: FastAPI, db: Engine) -> None:
    base = P.format(v=jeans_draft(db))
    urls = (base, base + "/modules/style", base + "/attributes/fit", base + "/modules/style/attributes/new")

    def calls(url: str) -> list[Any]:
        found: list[Any] = [lambda c: c.get(url), lambda c: c.post(url, data={})]
        return found if url.endswith("/new") else [*found, lambda c: c.post(url + "/delete", data={})]

    everything = [call for url in urls for call in calls(url)]
    assert_only_catalog_managers(app_on, db, every(*everything))
