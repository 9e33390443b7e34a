"""The parts of the quote page that other screens own (approvals, sending, revisions): each gives the keys
its partial reads, from the quote as priced for this page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.web.views import quote_revisions, quote_sending
from app.web.views.quote_approvals import panel as approval_panel
from app.web.views.quote_next_best import next_best_panel

Panel = Callable[..., dict[str, Any]]
"""`panel(*, session, quote, priced, me) -> dict` (the keys its partial template reads)."""

PANELS: tuple[Panel, ...] = (approval_panel, next_best_panel, quote_revisions.panel, quote_sending.panel)
