"""Every part of every seed catalog opens in its editor and saves as shown (nothing lost, no error)."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import changed_fields, create_draft, version_by_id
from tests.web.workspace.forms import post_form
from tests.web.workspace.roles import manager


def urls(version: int, document: dict[str, object]) -> list[str]:
    found = []
    for product in document["products"]:  # type: ignore[attr-defined]
        p = f"/workspace/versions/{version}/products/{product['id']}"
        found.append(p)
        found += [f"{p}/modules/{m['id']}" for m in product["modules"]]
        for module in product["modules"]:
            for attribute in module["attributes"]:
                found.append(f"{p}/attributes/{attribute['id']}")
                found += [
                    f"{p}/attributes/{attribute['id']}/options/{o['id']}" for o in attribute.get("options", [])[:2]
                ]
        found += [f"{p}/rules/{r['id']}" for r in product.get("rules", [])]
        found += [f"{p}/price-rules/{r['id']}" for r in product.get("price_rules", [])]
    return found


@pytest.mark.parametrize("catalog", ["jeans", "bikes"])
def test_every_part_saves_as_shown(app_on: FastAPI, db: Engine, catalog: str) -> None:
    with Session(db) as session:
        seed_catalogs(session=session)
        version = create_draft(session=session, catalog_id=catalog).id or 0
        before = version_by_id(session=session, version_id=version).document
    client = manager(app_on, db)
    for url in urls(version, before):
        answer = post_form(client, url)
        assert answer.status_code == 303, (url, re.findall(r"(?:field-error[^>]*>|<li>)([^<]*)", answer.text))
    with Session(db) as session:
        after = version_by_id(session=session, version_id=version).document
        changed = [path for path, _, _ in changed_fields(before, after)]
    assert changed == []
