"""Publishing from the workspace: now, scheduled, through a second approver, rollback, and the previous
version serving until the new one is compiled (both databases)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from app.config import get_settings
from app.errors import ConflictError, ForbiddenError
from app.models import CatalogApproval
from app.models.base import utcnow
from app.services.catalogs.in_force import version_in_force
from app.services.catalogs.publishing import (
    PastDateError,
    approve,
    pending_approval,
    progress,
    publish_version,
    reject,
    republish,
)
from app.services.catalogs.versions import edit_draft, version_by_id, version_of
from app.services.catalogs.warming import warm_version
from tests.mailbox import use_settings
from tests.services.catalogs.publishing_data import jeans_draft, managers


@pytest.fixture
def approver_required(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    use_settings(monkeypatch, catalog_second_approver=True)
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Compiles wait for a worker (a queue of the test's own that nobody runs)."""
    use_settings(monkeypatch, catalog_compile_inline=False, data_dir=tmp_path, queue_name=f"pub-{tmp_path.name}")
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def test_publishing_now_puts_the_draft_in_force_compiled_with_its_author_and_notes(session: Session) -> None:
    author, _ = managers(session)
    draft = jeans_draft(session)
    outcome = publish_version(session=session, version_id=draft, author_id=author, notes="summer prices")
    assert outcome.approval is None
    assert (outcome.version.status, outcome.version.author_id, outcome.version.notes) == ("published", author,
                                                                                           "summer prices")  # fmt: skip
    assert version_in_force(session=session, catalog_id="jeans").number == outcome.version.number  # type: ignore[union-attr]
    done = progress(session=session, version_id=draft)
    assert done.compiled_at is not None
    assert done.done == done.total > 0


def test_a_scheduled_version_serves_from_its_moment_and_a_past_moment_is_refused(session: Session) -> None:
    author, _ = managers(session)
    draft = jeans_draft(session)
    with pytest.raises(PastDateError):
        publish_version(
            session=session, version_id=draft, author_id=author, effective_from=utcnow() - timedelta(hours=2)
        )
    tomorrow = utcnow() + timedelta(days=1)
    publish_version(session=session, version_id=draft, author_id=author, effective_from=tomorrow)
    assert version_in_force(session=session, catalog_id="jeans").number == 1  # type: ignore[union-attr]
    later = version_in_force(session=session, catalog_id="jeans", on=tomorrow + timedelta(minutes=1))
    assert later is not None
    assert later.number == 2


@pytest.mark.usefixtures("approver_required")
def test_with_a_second_approver_another_manager_publishes_and_the_asker_cannot(session: Session) -> None:
    asker, other = managers(session)
    draft = jeans_draft(session)
    outcome = publish_version(session=session, version_id=draft, author_id=asker, notes="asked")
    assert outcome.approval is not None
    assert version_by_id(session=session, version_id=draft).status == "draft"
    with pytest.raises(ForbiddenError):
        approve(session=session, version_id=draft, approver_id=asker)
    published = approve(session=session, version_id=draft, approver_id=other)
    assert (published.status, published.author_id, published.notes) == ("published", asker, "asked")


@pytest.mark.usefixtures("approver_required")
def test_a_change_to_the_draft_cancels_the_request_and_a_rejection_keeps_its_comment(session: Session) -> None:
    asker, other = managers(session)
    draft = jeans_draft(session)
    publish_version(session=session, version_id=draft, author_id=asker)
    document = dict(version_by_id(session=session, version_id=draft).document)
    document["version"] = "changed"
    edit_draft(session=session, version_id=draft, document=document)
    assert pending_approval(session=session, version_id=draft) is None
    with pytest.raises(ConflictError):
        approve(session=session, version_id=draft, approver_id=other)
    publish_version(session=session, version_id=draft, author_id=asker)
    refused = reject(session=session, version_id=draft, approver_id=other, comment="too dear")
    assert (refused.state, refused.comment) == ("rejected", "too dear")
    assert session.get(CatalogApproval, refused.id).state == "rejected"  # type: ignore[union-attr]


def test_rollback_publishes_an_older_document_as_a_new_version(session: Session) -> None:
    author, _ = managers(session)
    draft = jeans_draft(session)
    publish_version(session=session, version_id=draft, author_id=author)
    repriced = version_by_id(session=session, version_id=draft)
    again = republish(session=session, version_id=_first_jeans(session), author_id=author)
    assert (again.number, again.author_id, again.status) == (3, author, "published")
    assert again.content_hash != repriced.content_hash
    assert version_in_force(session=session, catalog_id="jeans").number == 3  # type: ignore[union-attr]
    with pytest.raises(ConflictError):
        republish(session=session, version_id=jeans_draft(session), author_id=author)


@pytest.mark.usefixtures("no_worker")
def test_the_previous_version_serves_until_the_new_one_is_compiled(session: Session) -> None:
    author, _ = managers(session)
    draft = jeans_draft(session)
    publish_version(session=session, version_id=draft, author_id=author)
    assert version_in_force(session=session, catalog_id="jeans").number == 1  # type: ignore[union-attr]
    assert progress(session=session, version_id=draft).compiling
    warm_version(session=session, catalog_id="jeans", number=2)
    assert version_in_force(session=session, catalog_id="jeans").number == 2  # type: ignore[union-attr]


@pytest.mark.usefixtures("no_worker")
def test_a_version_nobody_compiles_serves_anyway_after_the_grace_period(session: Session) -> None:
    author, _ = managers(session)
    publish_version(session=session, version_id=jeans_draft(session), author_id=author)
    grace = timedelta(seconds=get_settings().catalog_compile_grace_seconds + 1)
    later = version_in_force(session=session, catalog_id="jeans", on=utcnow() + grace)
    assert later is not None
    assert later.number == 2


def _first_jeans(session: Session) -> int:
    return version_of(session=session, catalog_id="jeans", number=1).id or 0
