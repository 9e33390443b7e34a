"""The live analysis of a version (SQLite and PostgreSQL): in the request for a small catalog, in the
background with progress for a large one, stored by content hash and date and reused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

import app.services.catalogs.analyses as analyses
import app.services.catalogs.runs as runs
from app.errors import TailorError
from app.models import AnalysisRun
from app.services.catalogs.analyses import analyse_stored, version_analysis
from app.services.catalogs.versions import create_draft
from tests.services.catalogs.jeans_drafts import dead_wash_draft

ON = date(2026, 12, 6)


def test_a_small_draft_is_analysed_in_the_request_with_the_dead_option_and_its_reason(session: Session) -> None:
    draft = dead_wash_draft(session)
    found = version_analysis(session=session, version_id=draft.id or 0, on=ON)
    assert found.run.status == "done"
    assert not found.run.background
    assert found.analysis is not None
    dead = [f for f in found.analysis.findings("dead_option") if f.location.option == "acid"]
    assert [c.rule for c in dead[0].causes] == ["acid_for_no_fit"]
    assert found.analysis.products[0].groups[0].count is not None


def test_the_same_content_is_analysed_once(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = dead_wash_draft(session)
    version_analysis(session=session, version_id=draft.id or 0, on=ON)
    twin = create_draft(session=session, catalog_id="jeans", document=draft.document)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("analysed again")

    monkeypatch.setattr(analyses, "analyse_catalog", refuse)
    again = version_analysis(session=session, version_id=twin.id or 0, on=ON)
    assert again.analysis is not None
    assert again.analysis.findings("dead_option")
    assert len(session.exec(select(AnalysisRun)).all()) == 1


def test_a_large_catalog_goes_to_the_worker_which_records_progress(session: Session) -> None:
    draft = dead_wash_draft(session)
    waiting = version_analysis(session=session, version_id=draft.id or 0, on=ON, inline_parts=0)
    assert waiting.run.status == "running"
    assert waiting.run.background
    assert waiting.analysis is None
    run = session.exec(select(AnalysisRun)).one()
    seen: list[tuple[int, int, str]] = []
    real = runs.record_progress

    def spy(**kwargs: object) -> None:
        seen.append((kwargs["done"], kwargs["total"], kwargs["current"]))  # type: ignore[arg-type]
        real(**kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(analyses, "record_progress", spy)
        analyse_stored(session=session, run_id=run.id or 0)
    assert seen[0][:2] == (0, 1)
    assert seen[0][2].startswith("jeans: ")
    done = version_analysis(session=session, version_id=draft.id or 0, on=ON, inline_parts=0)
    assert done.run.status == "done"
    assert done.analysis is not None
    assert done.analysis.findings("dead_option")


def test_a_job_that_fails_says_why(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = dead_wash_draft(session)
    version_analysis(session=session, version_id=draft.id or 0, on=ON, inline_parts=0)
    run = session.exec(select(AnalysisRun)).one()

    def broken(*args: object, **kwargs: object) -> None:
        raise TailorError("the compiler gave up")

    monkeypatch.setattr(analyses, "analyse_catalog", broken)
    analyse_stored(session=session, run_id=run.id or 0)
    failed = version_analysis(session=session, version_id=draft.id or 0, on=ON, inline_parts=0)
    assert failed.run.status == "failed"
    assert failed.run.error == "the compiler gave up"


def test_parts_counts_options_and_rules(session: Session) -> None:
    draft = dead_wash_draft(session)
    from app.services.catalogs.in_force import catalog_of_version

    assert 19 + 5 < analyses.parts(catalog_of_version(draft)) <= analyses.INLINE_PARTS
