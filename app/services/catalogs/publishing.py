"""Publishing from the workspace: a draft now or at a later moment, through a second approver when the
setting asks for one, an older version again as a new one (rollback), and each version's compile progress.

With `catalog_second_approver` on, publishing a draft only asks: a `catalog_approval` row keeps the
moment, the notes and the draft's content hash; another catalog manager (never the one who asked)
approves it, which publishes it, or rejects it with a comment. A draft changed after the request no
longer has that content hash, and the request is cancelled when next looked at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.config import get_settings
from app.errors import ConflictError, ForbiddenError, TailorError
from app.models import CatalogApproval, CatalogPublication, CatalogVersion
from app.models.base import utcnow
from app.services.catalogs.versions import publish, publish_draft, version_by_id

MAX_NOTES = 2000
LEEWAY = timedelta(minutes=1)
"""A scheduled moment this close to now counts as now (the form took a while to fill in)."""


class PastDateError(TailorError):
    """The effective moment asked for has already passed."""


@dataclass(frozen=True)
class Progress:
    """A published version's compile: products done of total, when it finished, whether it waits for it."""

    done: int
    total: int
    compiled_at: datetime | None
    tracked: bool

    @property
    def compiling(self) -> bool:
        return self.tracked and self.compiled_at is None


@dataclass(frozen=True)
class Outcome:
    """What publishing a draft did: published it (`version`), or asked for approval (`approval`)."""

    version: CatalogVersion
    approval: CatalogApproval | None = None


def effective_moment(when: datetime | None, *, now: datetime | None = None) -> datetime:
    """`when` (None: now) checked: a past moment is refused (PastDateError, for the `effective` field)."""
    now = now or utcnow()
    if when is None or now - LEEWAY <= when <= now:
        return now
    if when < now:
        raise PastDateError("the effective date {when} has passed: choose now or a later moment",
                            when=when.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
    return when


def publish_version(
    *, session: Session, version_id: int, author_id: int, effective_from: datetime | None = None, notes: str = ""
) -> Outcome:
    """Publish a draft (or ask for approval when a second approver is required) from `effective_from`."""
    moment = effective_moment(effective_from)
    draft = version_by_id(session=session, version_id=version_id)
    if draft.status != "draft":
        raise ConflictError("version {number} is {status}: only a draft can be published", number=draft.number,
                            status=draft.status)  # fmt: skip
    if get_settings().catalog_second_approver:
        for waiting in _pending(session, version_id):
            waiting.state, waiting.decided_at = "cancelled", utcnow()
            session.add(waiting)
        approval = CatalogApproval(version_id=version_id, content_hash=draft.content_hash, requested_by=author_id,
                                   effective_from=None if effective_from is None else moment,
                                   notes=notes.strip()[:MAX_NOTES])  # fmt: skip
        session.add(approval)
        session.commit()
        session.refresh(approval)
        return Outcome(version=draft, approval=approval)
    return Outcome(version=_publish(session, draft, moment, author_id, notes))


def pending_approval(*, session: Session, version_id: int) -> CatalogApproval | None:
    """The request waiting on this draft; a request for content the draft no longer has is cancelled."""
    draft = version_by_id(session=session, version_id=version_id)
    found = None
    for waiting in _pending(session, version_id):
        if waiting.content_hash == draft.content_hash and draft.status == "draft":
            found = waiting
            continue
        waiting.state, waiting.decided_at = "cancelled", utcnow()
        session.add(waiting)
        session.commit()
    return found


def approve(*, session: Session, version_id: int, approver_id: int) -> CatalogVersion:
    """Another catalog manager approves the request: the draft is published from the moment asked (or now)."""
    approval = _asked(session, version_id, approver_id)
    draft = version_by_id(session=session, version_id=version_id)
    moment = approval.effective_from if approval.effective_from and approval.effective_from > utcnow() else None
    approval.state, approval.decided_by, approval.decided_at = "approved", approver_id, utcnow()
    session.add(approval)
    return _publish(session, draft, effective_moment(moment), approval.requested_by, approval.notes)


def reject(*, session: Session, version_id: int, approver_id: int, comment: str) -> CatalogApproval:
    """Another catalog manager refuses the request, saying why; the draft stays a draft."""
    approval = _asked(session, version_id, approver_id)
    approval.state, approval.decided_by, approval.decided_at = "rejected", approver_id, utcnow()
    approval.comment = comment.strip()[:MAX_NOTES]
    session.add(approval)
    session.commit()
    session.refresh(approval)
    return approval


def last_rejection(*, session: Session, version_id: int) -> CatalogApproval | None:
    """The latest refused request on this version, to show its comment."""
    return session.exec(
        select(CatalogApproval).where(CatalogApproval.version_id == version_id, CatalogApproval.state == "rejected")
        .order_by(col(CatalogApproval.decided_at).desc()).limit(1)
    ).first()  # fmt: skip


def republish(
    *, session: Session, version_id: int, author_id: int, effective_from: datetime | None = None, notes: str = ""
) -> CatalogVersion:
    """Rollback: publish an older published or retired version's document again, as a new version."""
    moment = effective_moment(effective_from)
    older = version_by_id(session=session, version_id=version_id)
    if older.status not in ("published", "retired"):
        raise ConflictError("version {number} is a draft: publish it instead", number=older.number)
    text = notes.strip()[:MAX_NOTES] or f"v{older.number} again"
    return publish(session=session, catalog_id=older.catalog_id, document=older.document, effective_from=moment,
                   author_id=author_id, notes=text)  # fmt: skip


def progress(*, session: Session, version_id: int) -> Progress:
    """How far the version's compile has gone (not tracked: published before compiles were counted, or a draft)."""
    found = session.get(CatalogPublication, version_id)
    if found is None:
        return Progress(done=0, total=0, compiled_at=None, tracked=False)
    return Progress(done=found.compile_done, total=found.compile_total, compiled_at=found.compiled_at, tracked=True)


def _publish(
    session: Session, draft: CatalogVersion, moment: datetime, author_id: int | None, notes: str
) -> CatalogVersion:
    if notes.strip():
        draft.notes = notes.strip()[:MAX_NOTES]
        session.add(draft)
    return publish_draft(session=session, version_id=draft.id or 0, effective_from=moment, author_id=author_id)


def _pending(session: Session, version_id: int) -> list[CatalogApproval]:
    return list(
        session.exec(
            select(CatalogApproval).where(CatalogApproval.version_id == version_id, CatalogApproval.state == "pending")
        ).all()
    )


def _asked(session: Session, version_id: int, approver_id: int) -> CatalogApproval:
    approval = pending_approval(session=session, version_id=version_id)
    if approval is None:
        raise ConflictError("nothing waits for approval on this version (the draft may have changed since)")
    if approval.requested_by == approver_id:
        raise ForbiddenError("another catalog manager must approve what you asked to publish")
    return approval
