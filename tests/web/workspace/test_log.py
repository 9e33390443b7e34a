"""A version's edit log page: who changed which field, when, old and new values (long ones whole in a
<details>), newest first and paged; only catalog managers."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Account
from app.services.catalogs.edit_log import PAGE_SIZE
from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft, edit_draft
from tests.web.workspace.roles import assert_only_catalog_managers, manager


def edited_draft(db: Engine, author: str | None = None, edits: int = 1) -> int:
    """A jeans draft whose description was edited `edits` times (by the account `author`, if given)."""
    with Session(db) as session:
        seed_catalogs(session=session)
        version = create_draft(session=session, catalog_id="jeans")
        account = session.exec(select(Account).where(Account.email == author)).first() if author else None
        for number in range(edits):
            document = {**version.document, "description": {"en": f"Edit {number} " + "long words " * 20}}
            edit_draft(session=session, version_id=version.id or 0, document=document,
                       author_id=account.id if account else None)  # fmt: skip
        return version.id or 0


def test_the_log_says_who_changed_what_newest_first(app_on: FastAPI, db: Engine) -> None:
    client = manager(app_on, db)
    version = edited_draft(db, "cm@example.com", edits=2)
    page = client.get(f"/workspace/versions/{version}/log")
    assert page.status_code == 200
    assert "cm@example.com" in page.text
    assert '<code class="log-path">description.en</code>' in page.text
    assert page.text.index("Edit 1") < page.text.index("Made-to-measure")  # the first edit comes last
    assert "<details>" in page.text  # the long value, shortened, with the whole one inside


def test_the_log_is_paged(app_on: FastAPI, db: Engine) -> None:
    client = manager(app_on, db)
    version = edited_draft(db, edits=PAGE_SIZE + 1)
    first = client.get(f"/workspace/versions/{version}/log")
    assert 'rel="next"' in first.text
    assert first.text.count('<code class="log-path">') == PAGE_SIZE
    second = client.get(f"/workspace/versions/{version}/log", params={"page": 2})
    assert second.text.count('<code class="log-path">') == 3  # the first edit also dropped description.es and .pt
    assert 'rel="prev"' in second.text
    assert client.get(f"/workspace/versions/{version}/log", params={"page": 0}).status_code == 422


def test_an_empty_log_and_an_unknown_version(app_on: FastAPI, db: Engine) -> None:
    client = manager(app_on, db)
    version = edited_draft(db, edits=0)
    assert "No change yet." in client.get(f"/workspace/versions/{version}/log").text
    assert client.get("/workspace/versions/999999/log").status_code == 404


def test_only_catalog_managers_read_the_log(app_on: FastAPI, db: Engine) -> None:
    version = edited_draft(db)
    assert_only_catalog_managers(app_on, db, lambda client: client.get(f"/workspace/versions/{version}/log"))
