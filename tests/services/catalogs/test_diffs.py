"""The diff of two versions (SQLite and PostgreSQL): structural, price and semantic changes, stored and
reused, in the background for large catalogs; unknown versions are not found."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from app.errors import NotFoundError
from app.models import AnalysisRun
from app.services.catalogs.diffs import diff_stored, version_diff
from tests.services.catalogs.jeans_drafts import dead_wash_draft

ON = date(2026, 12, 6)


def test_the_draft_against_the_version_in_force(session: Session) -> None:
    draft = dead_wash_draft(session)
    found = version_diff(session=session, catalog_id="jeans", on=ON)
    assert (found.before.number, found.after.number, found.after.id) == (1, draft.number, draft.id)
    assert found.run.status == "done"
    assert found.diff is not None
    added = [(c.part, c.id) for c in found.diff.changes if c.change == "added"]
    assert ("option", "acid") in added
    assert ("rule", "acid_for_no_fit") in added
    assert [p.option for p in found.diff.prices] == ["acid"]
    groups = found.diff.products[0].groups
    assert groups
    assert all(g.removed == 0 and g.added == 0 for g in groups)


def test_an_option_that_can_be_chosen_adds_configurations(session: Session) -> None:
    draft = dead_wash_draft(session, kill=False)
    found = version_diff(session=session, catalog_id="jeans", before=1, after=draft.number, on=ON)
    assert found.diff is not None
    groups = found.diff.products[0].groups
    assert all(g.removed == 0 for g in groups)
    assert all((g.added or 0) > 0 for g in groups)
    assert all(g.available == {"wash": ["acid"]} for g in groups)


def test_a_large_diff_goes_to_the_worker(session: Session) -> None:
    draft = dead_wash_draft(session)
    waiting = version_diff(session=session, catalog_id="jeans", before=1, after=draft.number, on=ON, inline_parts=0)
    assert waiting.run.status == "running"
    assert waiting.diff is None
    diff_stored(session=session, run_id=session.exec(select(AnalysisRun)).one().id or 0)
    done = version_diff(session=session, catalog_id="jeans", before=1, after=draft.number, on=ON, inline_parts=0)
    assert done.run.status == "done"
    assert done.diff is not None
    assert done.diff.changes


def test_unknown_versions_are_not_found(session: Session) -> None:
    dead_wash_draft(session)
    with pytest.raises(NotFoundError):
        version_diff(session=session, catalog_id="jeans", before=1, after=99, on=ON)
    with pytest.raises(NotFoundError):
        version_diff(session=session, catalog_id="nope", on=ON)
