"""Jinja2 templates (with named-block fragments for htmx) and the filters pages share."""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_currency
from jinja2_fragments.fastapi import Jinja2Blocks

from app.catalog.text import localize
from app.config import get_settings


def money(amount: int, currency: str, locale: str = "en") -> str:
    """Format an amount in minor units as currency for `locale` (1999 EUR -> '€19.99')."""
    return format_currency(amount / 100, currency, locale=locale)


@lru_cache
def get_templates() -> Jinja2Blocks:
    """The shared template renderer."""
    templates = Jinja2Blocks(directory=str(get_settings().templates_dir))
    templates.env.filters["localize"] = localize
    templates.env.filters["money"] = money
    return templates
