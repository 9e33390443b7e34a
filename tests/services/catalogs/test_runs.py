"""Stored runs (SQLite and PostgreSQL): claimed once, progress, result, and dead jobs started again."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from app.models import AnalysisRun
from app.services.catalogs.runs import (
    MAX_ATTEMPTS,
    STALE_AFTER,
    Question,
    claim_run,
    fail_run,
    finish_run,
    is_stale,
    record_progress,
)

QUESTION = Question("analysis", "jeans", "a" * 64, date(2026, 12, 6))


def test_a_question_is_claimed_once_and_then_shared(session: Session) -> None:
    run, start = claim_run(session=session, question=QUESTION)
    again, start_again = claim_run(session=session, question=QUESTION)
    assert start
    assert not start_again
    assert again.id == run.id
    assert again.status == "running"
    assert len(session.exec(select(AnalysisRun)).all()) == 1


def test_a_result_given_at_once_is_done(session: Session) -> None:
    run, start = claim_run(session=session, question=QUESTION, result={"catalog": "jeans"})
    assert not start
    assert run.status == "done"
    assert run.result == {"catalog": "jeans"}
    assert run.finished_at is not None


def test_progress_then_the_result_are_kept(session: Session) -> None:
    run, _ = claim_run(session=session, question=QUESTION)
    record_progress(session=session, run_id=run.id or 0, done=1, total=3, current="jeans: rules" + "x" * 400)
    session.refresh(run)
    assert (run.done, run.total, len(run.current)) == (1, 3, 300)
    finish_run(session=session, run_id=run.id or 0, result={"products": []})
    session.refresh(run)
    assert run.status == "done"
    assert run.done == 3
    assert run.result == {"products": []}


def test_a_failed_run_says_why(session: Session) -> None:
    run, _ = claim_run(session=session, question=QUESTION)
    fail_run(session=session, run_id=run.id or 0, error="the compiler gave up")
    session.refresh(run)
    assert run.status == "failed"
    assert run.error == "the compiler gave up"
    assert claim_run(session=session, question=QUESTION) == (run, False)


def test_a_stale_running_row_is_started_again_then_failed(session: Session) -> None:
    run, _ = claim_run(session=session, question=QUESTION)
    for attempt in range(2, MAX_ATTEMPTS + 2):
        run.updated_at = run.updated_at - STALE_AFTER - timedelta(seconds=1)
        session.add(run)
        session.commit()
        assert is_stale(run)
        again, start = claim_run(session=session, question=QUESTION)
        if attempt <= MAX_ATTEMPTS:
            assert start
            assert again.attempts == attempt
            assert again.status == "running"
            assert not is_stale(again)
        else:
            assert not start
            assert again.status == "failed"
            assert "stopped without finishing" in again.error
