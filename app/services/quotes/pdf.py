"""The quote as a PDF: a `QuoteDocument` laid out by `templates/documents/quote.html`, printed by WeasyPrint.

The text is said in the document's language (`_()` in the template, money, dates and percents by
Babel in the market's locale: `1.234,50 €` in Spanish). Nothing is fetched over the network: the
print stylesheet is read from `app/static/css/quote-print.css` and parsed once, with the system's
fonts; the Jinja environment is built once.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from app.config import get_settings
from app.i18n import BABEL_LOCALE, say
from app.pricing.money import format_money
from app.quotes.document import DocumentDiscount, PaymentTerm, QuoteDocument

TEMPLATE = "documents/quote.html"
BODY = "documents/_quote_body.html"
STYLESHEET = Path("css") / "quote-print.css"


class _KnownFontNotice(logging.Filter):
    """Drops WeasyPrint's notice, once per font per PDF, that it subsets fonts with fontTools (the system has
    no HarfBuzz-Subset); the PDFs are the same either way."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "HarfBuzz-Subset" not in record.getMessage()


logging.getLogger("weasyprint").addFilter(_KnownFontNotice())


def quote_html(document: QuoteDocument) -> str:
    """The document as a standalone HTML page (its print styles are applied by `quote_pdf`)."""
    template = _environment().get_template(TEMPLATE)
    return template.render(document=document, locale=document.locale)


def quote_body(document: QuoteDocument) -> Markup:
    """The document's content (no page around it) as safe HTML, for the customer's quote page."""
    template = _environment().get_template(BODY)
    return Markup(template.render(document=document, locale=document.locale))  # autoescaped by the environment


def quote_pdf(document: QuoteDocument) -> bytes:
    """The document as A4 PDF bytes."""
    stylesheet, fonts = _stylesheet()
    html = HTML(string=quote_html(document), base_url=str(get_settings().static_dir))
    pdf: bytes = html.write_pdf(stylesheets=[stylesheet], font_config=fonts)
    return pdf


@lru_cache
def _environment() -> Environment:
    """The documents' own Jinja environment (no request, no htmx): filters say things in the context's locale."""
    env = Environment(
        loader=FileSystemLoader(str(get_settings().templates_dir)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["_"] = _translate
    env.globals["discount_words"] = _discount_words
    env.globals["payment_words"] = _payment_words
    env.filters["money"] = _money
    env.filters["day"] = _day
    env.filters["percent"] = _percent
    env.filters["number"] = _number
    return env


@lru_cache
def _stylesheet() -> tuple[CSS, FontConfiguration]:
    """The print stylesheet, parsed once, with the font configuration it was parsed for."""
    fonts = FontConfiguration()
    path = get_settings().static_dir / STYLESHEET
    return CSS(string=path.read_text(encoding="utf-8"), font_config=fonts), fonts


def _locale(context: Context) -> str:
    return str(context.get("locale") or "en")


def _babel(context: Context) -> str:
    locale = _locale(context)
    return BABEL_LOCALE.get(locale, locale)


@pass_context
def _translate(context: Context, message: str, **values: object) -> str:
    return say(_locale(context), message, **values)


@pass_context
def _money(context: Context, minor_units: int) -> str:
    document: QuoteDocument = context["document"]
    return format_money(minor_units, document.currency, _babel(context))


@pass_context
def _day(context: Context, day: object) -> str:
    return str(format_date(day, "long", locale=_babel(context)))  # type: ignore[arg-type]


@pass_context
def _percent(context: Context, percent: Decimal | None) -> str:
    """A percent (12.5 is 12.5 %) with as many decimals as it has."""
    return str(format_percent(Decimal(percent or 0) / 100, locale=_babel(context), decimal_quantization=False))


@pass_context
def _number(context: Context, value: int | Decimal) -> str:
    return str(format_decimal(value, locale=_babel(context)))


@pass_context
def _discount_words(context: Context, discount: DocumentDiscount) -> str:
    """What a line's discount is, in words: "Volume discount (Volume, 5 %)"."""
    locale = _locale(context)
    names = ", ".join(discount.names)
    percent = _percent(context, discount.percent) if discount.percent is not None else ""
    if discount.kind == "catalog":
        return say(locale, "Catalog discount ({names})", names=names)
    if discount.kind == "volume":
        return say(locale, "Volume discount ({names}, {percent})", names=names, percent=percent)
    if discount.kind == "quote":
        return say(locale, "Share of the quote discount of {percent}", percent=percent)
    if discount.per_unit is not None:
        return say(locale, "Your discount of {amount} per unit", amount=_money(context, discount.per_unit))
    return say(locale, "Your discount of {percent}", percent=percent)


@pass_context
def _payment_words(context: Context, term: PaymentTerm) -> str:
    """How a payment plan is paid, in words."""
    locale = _locale(context)
    percent = term.down_payment_percent
    if term.instalments == 1 and not percent:
        said = [say(locale, "paid in full with the order")]
    else:
        said = [say(locale, "{percent} down,", percent=_percent(context, percent))] if percent else []
        apr = _percent(context, term.apr)
        monthly = "{count} monthly payments at {apr} APR" if term.apr else "{count} interest-free monthly payments"
        said.append(say(locale, monthly, count=term.instalments, apr=apr))
    if term.fee:
        said.append(say(locale, "plus a fee of {fee}", fee=_money(context, term.fee)))
    return " ".join(said) + "."
