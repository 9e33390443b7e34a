"""A quote's revisions and its recheck flag laid out for the pages (`app.web.views.quote_revisions`): the
revision list, two revisions side by side (each line's quantity, prices and discount on both sides, the
changed choices in words), and the lines a newer catalog version broke (with the nearest repair in words)
or priced differently."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from app.catalog import Catalog, Product
from app.catalog.labels import attribute_label, choice_label, choice_summary
from app.catalog.text import localize
from app.errors import ForbiddenError, NotFoundError
from app.models import Account, Quote, QuoteLine
from app.quotes.lines import LineDiscount
from app.quotes.revisions import Change, RevisionDiff
from app.services.catalogs.shelf import published_catalog
from app.services.quotes.priced import PricedQuote, line_catalog, priced_quote
from app.services.quotes.revisions import revision_of, revision_pair_diff, revisions_of
from app.services.quotes.store import OPEN_STATUSES, may_change


@dataclass(frozen=True)
class Side:
    """One line as one revision has it (money in minor units)."""

    summary: str
    quantity: int
    unit_list: int
    unit_net: int
    discount: LineDiscount | None
    net: int


@dataclass(frozen=True)
class ChoiceRow:
    """An attribute whose choice changed: its label, and the choice before and after in words."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class LineRow:
    """A line of the comparison: what happened to it, both sides (None where absent), what changed."""

    key: str
    product: str
    kind: str
    before: Side | None
    after: Side | None
    changed: frozenset[str]
    choices: list[ChoiceRow] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    """Two revisions of a quote side by side."""

    before: Quote
    after: Quote
    currency: str
    lines: list[LineRow]
    totals: list[Change]
    changed: bool


@dataclass(frozen=True)
class Flagged:
    """A line a newer catalog version broke (with the repair in words) or priced differently."""

    key: str
    position: int
    product: str
    valid: bool
    broken: str
    repair: list[ChoiceRow]
    price_before: int | None
    price_after: int | None


def comparison(*, session: Session, root_id: int, a: int, b: int, locale: str) -> Comparison:
    """Revisions `a` and `b` of the quote `root_id` side by side, said in `locale`."""
    diff: RevisionDiff = revision_pair_diff(session=session, root_id=root_id, a=a, b=b)
    priced = [priced_quote(session=session, quote=revision_of(session=session, root_id=root_id, revision=n))
              for n in (a, b)]  # fmt: skip
    sides = [_sides(session, side, locale) for side in priced]
    rows = []
    for line in diff.lines:
        kept = {row.key: row for row in priced[1].lines} | {
            row.key: row for row in priced[0].lines if row.key not in {r.key for r in priced[1].lines}
        }
        product = _product(session, kept[line.key])
        rows.append(
            LineRow(
                key=line.key,
                kind=line.kind,
                before=sides[0].get(line.key),
                after=sides[1].get(line.key),
                product=(localize(product.label, locale) or product.id) if product else line.product,
                changed=frozenset(change.name for change in line.changes),
                choices=[_choice_row(product, change, locale) for change in line.choices],
            )
        )
    currency = priced[1].quote.currency or priced[0].quote.currency
    return Comparison(before=priced[0].quote, after=priced[1].quote, currency=currency, lines=rows,
                      totals=list(diff.totals), changed=diff.changed)  # fmt: skip


def panel_data(
    *, session: Session, quote: Quote, priced: PricedQuote, me: Account, locale: str = "en"
) -> dict[str, Any]:
    """What the quote page's revisions and recheck partials show (keys `revision_*` and `recheck_*`);
    `recheck_lines(locale)` lists the flagged lines said in the page's language."""
    try:
        may_change(quote, me)
        allowed = True
    except ForbiddenError:
        allowed = False
    revisions = revisions_of(session=session, root_id=int(quote.root_id or quote.id or 0))
    recheck = quote.recheck or {}
    return {
        "revision_list": revisions,
        "revision_may_revise": allowed and quote.status == "sent",
        "revision_previous": quote.revision - 1 if quote.revision > 1 else None,
        "recheck_lines": (
            lambda page_locale=locale: flagged(session=session, quote=quote, lines=priced.lines, locale=page_locale)
        ),
        "recheck_flagged": bool(recheck.get("lines")) and quote.status in OPEN_STATUSES,
        "recheck_number": recheck.get("number"),
        "recheck_checked_at": recheck.get("checked_at"),
        "recheck_may_requote": allowed and quote.status in OPEN_STATUSES,
        "recheck_broken": any(not found.get("valid", True) for found in recheck.get("lines", {}).values()),
    }


def flagged(*, session: Session, quote: Quote, lines: list[QuoteLine], locale: str) -> list[Flagged]:
    """The quote's lines its recheck flags, in the quote's order (nothing when it has no flag)."""
    found = (quote.recheck or {}).get("lines", {})
    rows = []
    for line in lines:
        if line.key not in found:
            continue
        seen = found[line.key]
        product = _in_force_product(session, line)
        repair = [
            _choice_row(product, Change(name=name, before=line.choices.get(name), after=value), locale)
            for name, value in (seen.get("repaired") or {}).items()
        ]
        rows.append(
            Flagged(
                key=line.key,
                position=line.position + 1,
                valid=bool(seen.get("valid")),
                product=(localize(product.label, locale) or product.id) if product else line.product_id,
                broken=str(seen.get("broken") or ""),
                repair=repair,
                price_before=seen.get("price_before"),
                price_after=seen.get("price_after"),
            )
        )
    return rows


def _sides(session: Session, priced: PricedQuote, locale: str) -> dict[str, Side]:
    if priced.core is None or priced.totals is None:
        return {}
    sides = {}
    for row, line, totals in zip(priced.lines, priced.core.lines, priced.totals.lines, strict=True):
        product = _product(session, row)
        summary = choice_summary(product, row.choices, locale) if product else row.product_id
        sides[row.key] = Side(summary=summary, quantity=line.quantity, unit_list=line.unit_list,
                              unit_net=line.unit_goods_net, discount=line.discount, net=totals.net)  # fmt: skip
    return sides


def _product(session: Session, row: QuoteLine) -> Product | None:
    try:
        catalog = line_catalog(session, row)
    except NotFoundError:
        return None
    return _find(catalog, row.product_id)


def _in_force_product(session: Session, row: QuoteLine) -> Product | None:
    try:
        return _find(published_catalog(session=session, catalog_id=row.catalog_id), row.product_id)
    except NotFoundError:
        return None


def _find(catalog: Catalog, product_id: str) -> Product | None:
    return next((product for product in catalog.products if product.id == product_id), None)


def _choice_row(product: Product | None, change: Change, locale: str) -> ChoiceRow:
    if product is None:
        return ChoiceRow(label=change.name, before=_plain(change.before), after=_plain(change.after))
    return ChoiceRow(label=attribute_label(product, change.name, locale),
                     before=_said(product, change.name, change.before, locale),
                     after=_said(product, change.name, change.after, locale))  # fmt: skip


def _said(product: Product, name: str, value: object, locale: str) -> str:
    if value is None or value == "" or value == () or value == []:
        return "—"
    if isinstance(value, tuple) and len(value) == 1 and name in product.attribute_index:
        attribute = product.attribute_index[name]
        if getattr(attribute, "kind", "") not in ("many_of",):
            value = value[0]
    if isinstance(value, tuple):
        value = list(value)
    return choice_label(product, name, value, locale)


def _plain(value: object) -> str:
    if value is None or value == "":
        return "—"
    return ", ".join(str(item) for item in value) if isinstance(value, list | tuple) else str(value)
