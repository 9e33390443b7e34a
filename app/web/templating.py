"""Jinja2 templates (with named-block fragments for htmx) and the filters pages share."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal
from jinja2 import pass_context
from jinja2.runtime import Context
from jinja2_fragments.fastapi import Jinja2Blocks

from app.catalog.labels import attribute_labels, choice_label, choice_summary, module_labels
from app.catalog.text import localize
from app.config import get_settings
from app.errors import TailorError
from app.pricing.money import format_money
from app.services.configurator.progress import told
from app.web.forms import choice_pairs
from app.web.i18n import LOCALES, said, say, when
from app.web.views.quote_approvals import limit_text, percent


@lru_cache
def get_templates() -> Jinja2Blocks:
    """The shared template renderer."""
    templates = Jinja2Blocks(directory=str(get_settings().templates_dir))
    templates.env.trim_blocks = True
    templates.env.lstrip_blocks = True
    templates.env.filters["localize"] = localize
    templates.env.filters["money"] = format_money
    templates.env.filters["when"] = when
    templates.env.filters["number"] = lambda value, locale="en": format_decimal(value, locale=locale)
    templates.env.globals["_"] = _translate
    templates.env.globals["error_text"] = _error_text
    templates.env.globals["event_text"] = _event_text
    templates.env.globals["choice_pairs"] = choice_pairs
    templates.env.globals["attribute_labels"] = attribute_labels
    templates.env.globals["module_labels"] = module_labels
    templates.env.globals["choice_label"] = choice_label
    templates.env.globals["choice_summary"] = choice_summary
    templates.env.filters["reject_key"] = lambda mapping, key: {k: v for k, v in mapping.items() if k != key}
    templates.env.globals["LOCALES"] = LOCALES
    templates.env.globals["signed_in"] = _signed_in
    templates.env.globals["role_of"] = _role_of
    templates.env.globals["limit_text"] = _limit_text
    templates.env.globals["approvals_pending"] = lambda request: int(getattr(request.state, "approvals_pending", 0))
    templates.env.filters["percent"] = percent
    templates.env.globals["htmx"] = (get_settings().vendor_dir / "htmx.min.js").is_file()
    return templates


@pass_context
def _translate(context: Context, message: str, **values: object) -> str:
    """`message` in the page's language (`locale` of the template context), with `{name}` values filled in."""
    return say(str(context.get("locale") or "en"), message, **values)


@pass_context
def _error_text(context: Context, error: TailorError) -> str:
    """A typed error said in the page's language (its template translated, its values filled in)."""
    return said(str(context.get("locale") or "en"), error)


@pass_context
def _limit_text(context: Context, limit: Any) -> str:
    """A discount authority limit the quote passes, in the page's language (`app.web.views.quote_approvals`)."""
    return limit_text(str(context.get("locale") or "en"), limit)


@pass_context
def _event_text(context: Context, interaction: Any) -> str:
    """A timeline event said in the page's language (events kept before their values: as written)."""
    template, values = told(interaction)
    return say(str(context.get("locale") or "en"), template, **values) if values else template


def _signed_in(request: Any) -> bool:
    """Whether an account is signed in on this browser (its live session, looked up once per request)."""
    visit = getattr(request.state, "visit", None)
    return visit is not None and visit.kind == "account"


def _role_of(request: Any) -> str:
    """The role of the account signed in on this browser ("customer" when nobody is)."""
    visit = getattr(request.state, "visit", None)
    return str(visit.role) if visit is not None and visit.kind == "account" else "customer"
