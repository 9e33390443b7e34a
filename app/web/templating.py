"""Jinja2 templates (with named-block fragments for htmx) and the filters pages share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal
from jinja2 import pass_context
from jinja2.runtime import Context
from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup

from app.catalog import Product
from app.catalog.attributes import Attribute, Numeric
from app.catalog.text import localize
from app.config import get_settings
from app.errors import TailorError
from app.pricing.money import format_money
from app.services.configurator.flow import choice_pairs
from app.services.configurator.journeys import told
from app.web.drawings import drawn, drawn_query, has_drawing
from app.web.i18n import LOCALES, said, say, when


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
    templates.env.globals["drawn_query"] = drawn_query
    templates.env.globals["drawn"] = drawn
    templates.env.globals["has_drawing"] = has_drawing
    templates.env.globals["leg_icon"] = leg_icon
    templates.env.filters["reject_key"] = lambda mapping, key: {k: v for k, v in mapping.items() if k != key}
    templates.env.globals["LOCALES"] = LOCALES
    templates.env.globals["signed_in"] = _signed_in
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
def _event_text(context: Context, interaction: Any) -> str:
    """A timeline event said in the page's language (events kept before their values: as written)."""
    template, values = told(interaction)
    return say(str(context.get("locale") or "en"), template, **values) if values else template


def attribute_labels(product: Product, attribute_ids: Iterable[str], locale: str) -> str:
    """The labels of these attributes of `product` in `locale`, as a list in words ("Waist, Inseam")."""
    index = product.attribute_index
    return ", ".join(localize(index[a].label, locale) or a if a in index else a for a in attribute_ids)


def module_labels(product: Product, module_ids: Iterable[str], locale: str) -> list[str]:
    """The labels of these modules of `product` in `locale`."""
    labels = {module.id: localize(module.label, locale) or module.id for module in product.modules}
    return [labels.get(module_id, module_id) for module_id in module_ids]


def choice_label(product: Product, attribute_id: str, choice: object, locale: str) -> str:
    """A choice as the page says it: option labels in `locale` ("Boot cut, Zip fly"), numbers per locale."""
    attribute = product.attribute_index.get(attribute_id)
    labels = {o.id: localize(o.label, locale) or o.id for o in getattr(attribute, "options", [])}
    if isinstance(choice, str):
        return labels.get(choice, choice)
    if isinstance(choice, list | tuple | set | frozenset):
        return ", ".join(labels.get(str(c), str(c)) for c in choice)
    if isinstance(choice, int | float | Decimal):
        return str(format_decimal(choice, locale=locale))
    return str(choice)


def choice_summary(product: Product, choices: Mapping[str, object], locale: str) -> str:
    """The product and what is chosen, in words, in the order of the steps ("Custom jeans: Classic, Boot cut, ...")."""
    said = [_said_choice(product, a, choices[a.id], locale) for a in product.attributes() if choices.get(a.id)]
    name = localize(product.label, locale) or product.id
    return f"{name}: {', '.join(s for s in said if s)}" if any(said) else name


def _said_choice(product: Product, attribute: Attribute, choice: object, locale: str) -> str:
    """One choice in a summary: an option by its label, a number with what it measures ("Waist 32 in")."""
    said = choice_label(product, attribute.id, choice, locale)
    if isinstance(attribute, Numeric):
        unit = f" {attribute.unit}" if attribute.unit else ""
        return f"{localize(attribute.label, locale) or attribute.id} {said}{unit}"
    return said


@lru_cache(maxsize=256)
def leg_icon(attribute_id: str, option_id: str) -> Markup:
    """The one-leg icon beside a fit, bagginess or opening option ('' for other attributes)."""
    macros = drawing_macros()
    if attribute_id == "opening":
        return Markup(macros.opening_icon(option_id))
    if attribute_id in ("fit", "bagginess"):
        return Markup(macros.fit_icon(option_id))
    return Markup("")


def drawing_macros() -> Any:
    """The macros of `templates/_drawings.html` (jeans, opening_icon, fit_icon, product_icon)."""
    return get_templates().env.get_template("_drawings.html").module


def _signed_in(request: Any) -> bool:
    """Whether an account is signed in on this browser (its live session, looked up once per request)."""
    visit = getattr(request.state, "visit", None)
    return visit is not None and visit.kind == "account"
