"""Jinja2 templates (with named-block fragments for htmx) and the filters pages share."""

from __future__ import annotations

from functools import lru_cache

from jinja2_fragments.fastapi import Jinja2Blocks

from app.catalog.text import localize
from app.config import get_settings
from app.pricing.money import format_money
from app.web.security import session_account


@lru_cache
def get_templates() -> Jinja2Blocks:
    """The shared template renderer."""
    templates = Jinja2Blocks(directory=str(get_settings().templates_dir))
    templates.env.filters["localize"] = localize
    templates.env.filters["money"] = format_money
    templates.env.globals["signed_in"] = lambda request: session_account(request) is not None
    templates.env.globals["htmx"] = (get_settings().vendor_dir / "htmx.min.js").is_file()
    return templates
