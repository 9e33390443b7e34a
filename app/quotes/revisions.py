"""The difference between two revisions of a quote, as plain data for a side-by-side page.

Lines are matched by `key`: a key only in the new revision is an added line, only in the old one a
removed line, in both a changed line when its quantity, choices, discount or prices differ. Prices
compared are the unit list price, the unit price after catalog rules, and the line's net (which
moves with volume breaks and the quote discount too). Totals compare every named total. Money is
minor units; the order of lines is the new revision's, then the removed ones in the old order.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from app.quotes.lines import LineTotals, QuoteLine
from app.quotes.totals import Quote, QuoteTotals, quote_totals

TOTALS_COMPARED = (
    "list",
    "catalog_discount",
    "volume_discount",
    "line_discount",
    "quote_discount",
    "net",
    "cost",
    "margin",
)


class _Plain(BaseModel):
    model_config = ConfigDict(frozen=True)


class Change(_Plain):
    """One named value that differs: `name`, its value `before` and `after` (None where absent)."""

    name: str
    before: object
    after: object


class LineDiff(_Plain):
    """What happened to the line `key` between the revisions; `changes` is empty unless `kind` is changed."""

    key: str
    product: str
    kind: Literal["added", "removed", "changed", "same"]
    changes: tuple[Change, ...] = ()
    choices: tuple[Change, ...] = ()
    """One change per attribute whose chosen options (or value) differ."""


class RevisionDiff(_Plain):
    """Two revisions side by side: every line (same ones included, to show them) and the totals that moved."""

    lines: tuple[LineDiff, ...]
    totals: tuple[Change, ...]

    @property
    def changed(self) -> bool:
        return bool(self.totals) or any(line.kind != "same" for line in self.lines)


def diff_revisions(before: Quote, after: Quote) -> RevisionDiff:
    """The difference from revision `before` to revision `after` (both priced with `quote_totals`)."""
    old_totals, new_totals = quote_totals(before), quote_totals(after)
    old = {line.key: (line, totals) for line, totals in zip(before.lines, old_totals.lines, strict=True)}
    new = {line.key: (line, totals) for line, totals in zip(after.lines, new_totals.lines, strict=True)}
    lines = [_line_diff(old.get(key), pair) for key, pair in new.items()]
    lines += [
        LineDiff(key=key, product=line.product, kind="removed") for key, (line, _) in old.items() if key not in new
    ]
    return RevisionDiff(lines=tuple(lines), totals=_totals_changes(before, after, old_totals, new_totals))


def _line_diff(old: tuple[QuoteLine, LineTotals] | None, new: tuple[QuoteLine, LineTotals]) -> LineDiff:
    line, totals = new
    if old is None:
        return LineDiff(key=line.key, product=line.product, kind="added")
    was, was_totals = old
    compared = {
        "product": (was.product, line.product),
        "quantity": (was.quantity, line.quantity),
        "discount": (was.discount, line.discount),
        "unit_list": (was.unit_list, line.unit_list),
        "unit_goods_net": (was.unit_goods_net, line.unit_goods_net),
        "net": (was_totals.net, totals.net),
    }
    changes = tuple(Change(name=name, before=a, after=b) for name, (a, b) in compared.items() if a != b)
    choices = _choice_changes(was.choices(), line.choices())
    kind: Literal["changed", "same"] = "changed" if changes or choices else "same"
    return LineDiff(key=line.key, product=line.product, kind=kind, changes=changes, choices=choices)


def _choice_changes(before: dict[str, tuple[str, ...]], after: dict[str, tuple[str, ...]]) -> tuple[Change, ...]:
    names = list(before) + [name for name in after if name not in before]
    return tuple(
        Change(name=name, before=before.get(name), after=after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    )


def _totals_changes(before: Quote, after: Quote, old: QuoteTotals, new: QuoteTotals) -> tuple[Change, ...]:
    changes = [Change(name=name, before=getattr(old, name), after=getattr(new, name)) for name in TOTALS_COMPARED]
    changes.insert(
        0, Change(name="quote_discount_percent", before=before.discount_percent, after=after.discount_percent)
    )
    return tuple(change for change in changes if change.before != change.after)
