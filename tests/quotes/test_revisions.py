"""Two revisions side by side: lines added, removed and changed, and the totals that moved."""

from __future__ import annotations

from decimal import Decimal

from app.quotes.lines import LineDiscount, QuoteLine
from app.quotes.revisions import Change, diff_revisions
from app.quotes.totals import Quote
from tests.quotes.builders import ON, line, unit

JEANS = unit(5000, {"cut": ("boot", 500)}, unit_cost=2000)
SLIM = unit(5000, {"cut": ("slim", 700)}, unit_cost=2000)
BIKE = unit(80000, product="bike", unit_cost=50000)


def quote(*lines: QuoteLine, percent: str | None = None) -> Quote:
    return Quote(lines=lines, discount_percent=Decimal(percent) if percent else None, on=ON)


def test_the_same_revision_has_no_changes() -> None:
    before = quote(line("a", JEANS, 2))
    diff = diff_revisions(before, before)
    assert not diff.changed
    assert [(item.key, item.kind) for item in diff.lines] == [("a", "same")]


def test_lines_added_removed_and_changed() -> None:
    before = quote(line("a", JEANS, 2), line("b", BIKE))
    after = quote(line("a", SLIM, 3, percent="10"), line("c", JEANS))
    diff = diff_revisions(before, after)
    assert [(item.key, item.kind) for item in diff.lines] == [("a", "changed"), ("c", "added"), ("b", "removed")]
    changed = diff.lines[0]
    assert changed.choices == (Change(name="cut", before=("boot",), after=("slim",)),)
    assert changed.changes == (
        Change(name="quantity", before=2, after=3),
        Change(name="discount", before=None, after=LineDiscount(percent=Decimal(10))),
        Change(name="unit_list", before=5500, after=5700),
        Change(name="unit_goods_net", before=5500, after=5700),
        Change(name="net", before=11000, after=15390),
    )
    # before: 11000 + 80000 = 91000 (cost 54000); after: 15390 + 5500 = 20890 (cost 8000).
    assert {change.name: (change.before, change.after) for change in diff.totals} == {
        "list": (91000, 22600),
        "line_discount": (0, 1710),
        "net": (91000, 20890),
        "cost": (54000, 8000),
        "margin": (37000, 12890),
    }


def test_a_quote_discount_moves_every_line_net() -> None:
    diff = diff_revisions(quote(line("a", JEANS, 2)), quote(line("a", JEANS, 2), percent="5"))
    assert diff.lines[0].changes == (Change(name="net", before=11000, after=10450),)
    assert [change.name for change in diff.totals] == ["quote_discount_percent", "quote_discount", "net", "margin"]
