"""Edit a draft one part at a time (the workspace's forms): apply one form's change to the draft's
document and keep it through `edit_draft`, so the loader checks it and every changed field is logged.

A form carries the content hash of the draft it was read from: a save from a stale copy is refused
(`StaleCopyError`), never written over another's change. A refused document raises `EditRefused`
with its problems, each on the form field it belongs to when it has one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlmodel import Session

from app.catalog.edits import Document, PartNotFoundError, changed, field_of
from app.catalog.errors import CatalogError, CatalogIssue
from app.catalog.form_values import FieldProblem
from app.errors import ConflictError, NotFoundError, TailorError
from app.models import CatalogVersion
from app.services.catalogs.versions import edit_draft, version_by_id


class StaleCopyError(ConflictError):
    """The form was read from an earlier state of the draft than the one stored now."""


class EditRefused(TailorError):  # noqa: N818 - a refusal, with its problems, not a failure
    """The change was not kept: `problems` say what is wrong, on the form's fields where they can."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("the change was not kept: {count} problems", count=len(problems))
        self.problems = problems


def editable(*, session: Session, version_id: int) -> CatalogVersion:
    """The version, when it is a draft (a ConflictError says a published or retired one cannot change)."""
    version = version_by_id(session=session, version_id=version_id)
    if version.status != "draft":
        raise ConflictError("version {number} of catalog '{catalog}' is {status}: it cannot change",
                            number=version.number, catalog=version.catalog_id, status=version.status)  # fmt: skip
    return version


def save_part(
    *,
    session: Session,
    version_id: int,
    seen_hash: str,
    change: Callable[[Document], None],
    part_path: str,
    fields: Mapping[str, str],
    problems: list[FieldProblem] | None = None,
    author_id: int | None = None,
) -> CatalogVersion:
    """Apply `change` to the draft (read at `seen_hash`) and keep it; problems of the form itself
    (`problems`) or of the loader refuse it, those under `part_path` put on their `fields`."""
    version = editable(session=session, version_id=version_id)
    if version.content_hash != seen_hash:
        raise StaleCopyError("the draft changed since this form was opened: nothing was saved")
    if problems:
        raise EditRefused(problems)
    try:
        document = changed(version.document, change)
    except PartNotFoundError as missing:
        raise NotFoundError("no part '{part}' in this draft", part=str(missing)[:100]) from None
    try:
        return edit_draft(session=session, version_id=version_id, document=document, author_id=author_id)
    except CatalogError as refused:
        session.rollback()
        located = [_located(issue, part_path, fields) for issue in refused.issues]
        raise EditRefused(located) from None


def _located(issue: CatalogIssue, part_path: str, fields: Mapping[str, str]) -> FieldProblem:
    """The loader's problem on its form field, or on none with its place in the document; said by
    its template, so the page says it in its language."""
    name = field_of(issue.path, part_path, fields)
    return FieldProblem(name, issue.template, dict(issue.values), path=None if name is not None else issue.path)


def document_of_version(*, session: Session, version_id: int) -> tuple[CatalogVersion, dict[str, Any]]:
    """A version and its document, for reading (any status)."""
    version = version_by_id(session=session, version_id=version_id)
    return version, version.document
