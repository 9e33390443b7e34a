"""Two revisions laid out side by side in words, and the recheck flag's lines with the repair in words
(both databases)."""

from __future__ import annotations

from sqlmodel import Session

from app.services.quotes.compare import comparison, flagged, panel_data
from app.services.quotes.priced import priced_quote
from app.services.quotes.store import add_line, change_line, lines_of, quote_of
from tests.factories import complete_jeans
from tests.services.quotes.builders import quote_with_jeans, staff
from tests.services.quotes.test_revisions import flagged_quote, revised, sent


def test_two_revisions_side_by_side_say_the_choices_in_the_pages_language(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    other = staff(session, "otto@example.com", "rep")
    first = sent(session, quote_with_jeans(session, rep))
    second = revised(session, first, rep)
    qid = int(second.id or 0)
    key = lines_of(session=session, quote_id=qid)[0].key
    change_line(session=session, quote_id=qid, version=second.version, actor=rep, key=key, quantity="2")
    add_line(session=session, quote_id=qid, version=quote_of(session=session, quote_id=qid).version, actor=rep,
             catalog_id="jeans", product_id="jeans", choices={**complete_jeans(), "wash": "stonewash"},
             key=key)  # fmt: skip
    compared = comparison(session=session, root_id=int(first.root_id or 0), a=1, b=2, locale="es")
    line = compared.lines[0]
    assert line.kind == "changed"
    assert "quantity" in line.changed
    assert line.before is not None
    assert line.after is not None
    assert (line.before.quantity, line.after.quantity) == (1, 2)
    wash = next(row for row in line.choices if row.before != row.after)
    assert wash.after != "stonewash"  # the option's label, not its id
    assert compared.changed
    fresh = quote_of(session=session, quote_id=qid)
    shown = panel_data(session=session, quote=fresh, priced=priced_quote(session=session, quote=fresh), me=rep)
    assert [q.revision for q in shown["revision_list"]] == [1, 2]
    assert shown["revision_previous"] == 1
    assert not shown["revision_may_revise"]  # a draft changes in place
    assert not shown["recheck_flagged"]
    assert shown["recheck_lines"]() == []
    old = quote_of(session=session, quote_id=int(first.id or 0))
    assert not panel_data(session=session, quote=old, priced=priced_quote(session=session, quote=old),
                          me=other)["recheck_may_requote"]  # fmt: skip


def test_the_flag_lists_the_broken_line_with_its_repair_in_words_and_the_moved_price(session: Session) -> None:
    _, quote, classic, knees = flagged_quote(session)
    rows = {row.key: row for row in flagged(session=session, quote=quote,
                                            lines=lines_of(session=session, quote_id=int(quote.id or 0)),
                                            locale="en")}  # fmt: skip
    assert not rows[knees].valid
    assert rows[knees].repair
    assert all(change.label and change.after for change in rows[knees].repair)
    assert rows[classic].valid
    assert rows[classic].price_after != rows[classic].price_before
