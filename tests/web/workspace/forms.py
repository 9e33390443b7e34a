"""What the structured-editor tests share: a jeans draft, a form's fields as the page shows them, posting one."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft, version_by_id, version_of


def jeans_draft(db: Engine) -> int:
    """A new draft of the jeans catalog (the seeds first)."""
    with Session(db) as session:
        seed_catalogs(session=session)
        return create_draft(session=session, catalog_id="jeans").id or 0


def published_jeans(db: Engine) -> int:
    """The published jeans version's id."""
    with Session(db) as session:
        seed_catalogs(session=session)
        return version_of(session=session, catalog_id="jeans", number=1).id or 0


def document(db: Engine, version: int) -> dict[str, Any]:
    with Session(db) as session:
        return dict(version_by_id(session=session, version_id=version).document)


def fields(page: str) -> dict[str, Any]:
    """The text inputs, checked boxes and selected options of the first editor form on the page."""
    form = page.split('class="editor"', 1)[1].split("</form>", 1)[0]
    found: dict[str, Any] = {
        n: unescape(v) for n, v in re.findall(r'<input name="([^"]+)" type="[^"]*" value="([^"]*)"', form)
    }
    found.update({n: unescape(v) for n, v in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form)})
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        found[name] = unescape(chosen.group(1)) if chosen else ""
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        found[name] = unescape(body)
    for name, value in re.findall(r'<input type="checkbox" name="([^"]+)"(?: value="([^"]*)")?[^>]*? checked', form):
        if name == "cell":
            found.setdefault("cell", []).append(value)
        else:
            found[name] = value or "on"
    return found


def post_form(client: TestClient, url: str, **changes: str) -> Any:
    """Open the editor at `url`, change some fields and post it."""
    data = {**fields(client.get(url).text), **changes}
    return client.post(url, data=data, follow_redirects=False)


def every(*calls: Any) -> Any:
    """One call for `assert_only_catalog_managers` that makes several, all answering alike (the last answer)."""

    def call(client: TestClient) -> Any:
        answers = [each(client) for each in calls]
        assert len({answer.status_code for answer in answers}) == 1, [a.status_code for a in answers]
        return answers[-1]

    return call
