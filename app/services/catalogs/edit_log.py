"""A version's edit log as the workspace shows it: who changed which field, when, from what to what,
newest first and a page at a time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import Account, CatalogEdit
from app.services.catalogs.versions import version_by_id

PAGE_SIZE = 100
"""Edit log rows on one page."""
SHORT_VALUE = 80
"""Characters of a value shown before it is cut (the whole value stays available)."""


@dataclass(frozen=True)
class EditRow:
    """One changed field: `old` and `new` are JSON text (None: the field was absent), `short_*` cut to a glance."""

    at: datetime
    author: str
    path: str
    old: str | None
    new: str | None

    @property
    def shown(self) -> list[tuple[str | None, str | None, bool]]:
        """Before and after, each as (whole JSON text, text at a glance, whether the glance is cut)."""
        return [(value, *glance(value)) for value in (self.old, self.new)]


@dataclass(frozen=True)
class EditLogPage:
    """One page of a version's edit log, newest first, out of `total` rows."""

    rows: list[EditRow]
    total: int
    page: int
    pages: int


def edit_log(*, session: Session, version_id: int, page: int = 1, page_size: int = PAGE_SIZE) -> EditLogPage:
    """Page `page` (from 1) of the version's edit log, newest first (not found when there is no such version)."""
    version_by_id(session=session, version_id=version_id)
    counted = select(func.count()).select_from(CatalogEdit).where(CatalogEdit.version_id == version_id)
    total = session.exec(counted).one()
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    found = session.exec(
        select(CatalogEdit, Account.email)
        .join(Account, col(Account.id) == col(CatalogEdit.account_id), isouter=True)
        .where(CatalogEdit.version_id == version_id)
        .order_by(col(CatalogEdit.at).desc(), col(CatalogEdit.id).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    rows = [EditRow(edit.at, email or "", edit.path, edit.old_value, edit.new_value) for edit, email in found]
    return EditLogPage(rows, total, page, pages)


def shortened(value: str | None, limit: int = SHORT_VALUE) -> str | None:
    """A logged value to read at a glance: a JSON string without its quotes, anything cut at `limit` characters."""
    return glance(value, limit)[0]


def glance(value: str | None, limit: int = SHORT_VALUE) -> tuple[str | None, bool]:
    """`shortened(value)`, and whether it was cut."""
    if value is None:
        return None, False
    try:
        loaded = json.loads(value)
    except ValueError:  # a value cut when it was logged is no longer whole JSON
        loaded = None
    text = loaded if isinstance(loaded, str) else value
    return (text, False) if len(text) <= limit else (text[: limit - 1] + "…", True)
