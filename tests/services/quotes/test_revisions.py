"""Revisions and rechecks (on SQLite and PostgreSQL): a sent quote is revised into a new draft with the same
line keys, two revisions compare side by side, a newer catalog version flags the open quotes priced on an
older one (what broke, the nearest repair, the price change) and the rep requotes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session

from app.catalog.configuration import Choice
from app.errors import ConflictError, ForbiddenError, NotFoundError, TailorError
from app.models import Account, Quote
from app.services.catalogs.notices import notify_in_force
from app.services.catalogs.publishing import publish_version
from app.services.configurator.page import engine_for
from app.services.quotes.revisions import (
    recheck_open_quotes,
    requote,
    revise_quote,
    revision_pair_diff,
    revisions_of,
)
from app.services.quotes.store import add_line, change_line, change_terms, lines_of, quote_of
from tests.factories import complete_jeans, shipped
from tests.services.catalogs.publishing_data import jeans_draft, managers
from tests.services.catalogs.test_impact import knees_only_on_classic
from tests.services.quotes.builders import add, quote_with_jeans, staff


def knees_jeans() -> dict[str, Choice]:
    """A complete relaxed fit with reinforced knees (valid on the shipped jeans)."""
    wanted: dict[str, Choice] = {"fit": "relaxed", "addons": ["reinforced_knees"]}
    return dict(engine_for(shipped(), "jeans").complete(wanted, {}, date.today(), k=1)[0].choices)


def sent(session: Session, quote: Quote) -> Quote:
    """The quote marked sent on its row (the send service is another part's; a test needs only the status)."""
    fresh = quote_of(session=session, quote_id=int(quote.id or 0))
    fresh.status = "sent"
    session.add(fresh)
    session.commit()
    session.refresh(fresh)
    return fresh


def revised(session: Session, quote: Quote, rep: Account) -> Quote:
    return revise_quote(session=session, quote_id=int(quote.id or 0), version=quote.version, actor=rep)


def test_revising_a_sent_quote_makes_a_draft_with_the_same_lines_and_supersedes_it(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    other = staff(session, "otto@example.com", "rep")
    quote = quote_with_jeans(session, rep, quantity=2)
    add(session, quote, rep, complete_jeans())
    with pytest.raises(ConflictError, match="only a sent quote is revised"):
        revised(session, quote, rep)
    quote = sent(session, quote)
    with pytest.raises(ForbiddenError):
        revised(session, quote, other)
    with pytest.raises(ConflictError, match="changed meanwhile"):
        revise_quote(session=session, quote_id=int(quote.id or 0), version=quote.version - 1, actor=rep)
    second = revised(session, quote, rep)
    assert (second.root_id, second.revision, second.status) == (quote.root_id, 2, "draft")
    assert (second.customer_id, second.owner_id, second.net_minor) == (quote.customer_id, rep.id, quote.net_minor)
    old = lines_of(session=session, quote_id=int(quote.id or 0))
    new = lines_of(session=session, quote_id=second.id or 0)
    assert [(line.key, line.quantity, line.catalog_hash, line.breakdown) for line in old] == [
        (line.key, line.quantity, line.catalog_hash, line.breakdown) for line in new
    ]
    assert quote_of(session=session, quote_id=int(quote.id or 0)).status == "superseded"
    superseded = quote_of(session=session, quote_id=int(quote.id or 0))
    with pytest.raises(ConflictError, match="is superseded"):
        requote(session=session, quote_id=int(superseded.id or 0), version=superseded.version, actor=rep)
    with pytest.raises(ConflictError):  # the superseded copy is not revised again
        revised(session, quote, rep)
    assert [q.revision for q in revisions_of(session=session, root_id=int(quote.root_id or 0))] == [1, 2]
    with pytest.raises(NotFoundError):
        revisions_of(session=session, root_id=999999)


def test_two_revisions_side_by_side_name_the_quantity_discount_and_choice_that_changed(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    quote = sent(session, quote_with_jeans(session, rep))
    second = revised(session, quote, rep)
    key = lines_of(session=session, quote_id=second.id or 0)[0].key
    qid = int(second.id or 0)
    change_line(session=session, quote_id=qid, version=second.version, actor=rep, key=key, quantity="3",
                discount_percent="5")  # fmt: skip
    choices = {**complete_jeans(), "wash": "stonewash"}
    fresh = quote_of(session=session, quote_id=qid)
    add_line(session=session, quote_id=qid, version=fresh.version, actor=rep, catalog_id="jeans", product_id="jeans",
             choices=choices, key=key)  # fmt: skip
    diff = revision_pair_diff(session=session, root_id=int(quote.root_id or 0), a=1, b=2)
    line = diff.lines[0]
    assert line.kind == "changed"
    changes = {change.name: (change.before, change.after) for change in line.changes}
    assert changes["quantity"] == (1, 3)
    assert changes["discount"][0] is None
    assert getattr(changes["discount"][1], "percent", None) == Decimal(5)
    washes = {change.name: (change.before, change.after) for change in line.choices}["wash"]
    assert washes == (("rinse",), ("stonewash",))
    assert "net" in {change.name for change in diff.totals}
    fresh = quote_of(session=session, quote_id=qid)
    change_terms(session=session, quote_id=qid, version=fresh.version, actor=rep, discount_percent="2",
                 valid_until=fresh.valid_until.isoformat(), terms="")  # fmt: skip
    diff = revision_pair_diff(session=session, root_id=int(quote.root_id or 0), a=1, b=2)
    assert "quote_discount_percent" in {change.name for change in diff.totals}
    assert not revision_pair_diff(session=session, root_id=int(quote.root_id or 0), a=2, b=2).changed
    with pytest.raises(NotFoundError):
        revision_pair_diff(session=session, root_id=int(quote.root_id or 0), a=1, b=7)


def flagged_quote(session: Session) -> tuple[Account, Quote, str, str]:
    """A rep's quote with a knees line (broken by the next version) and a classic line (only its price
    moves), after that version is published and the worker's check ran; the two line keys."""
    rep = staff(session, "rita@example.com", "rep")
    quote = quote_with_jeans(session, rep)
    add(session, quote, rep, knees_jeans())
    classic, knees = (line.key for line in lines_of(session=session, quote_id=int(quote.id or 0)))
    author, _ = managers(session)
    draft = jeans_draft(session, base_price=9999)
    knees_only_on_classic(session, draft)
    publish_version(session=session, version_id=draft, author_id=author)
    notify_in_force(session=session)
    return rep, quote_of(session=session, quote_id=int(quote.id or 0)), classic, knees


def test_a_newer_version_flags_the_broken_line_with_its_repair_and_the_price_change(session: Session) -> None:
    _, quote, classic, knees = flagged_quote(session)
    assert quote.recheck is not None
    assert (quote.recheck["catalog_id"], quote.recheck["number"]) == ("jeans", 2)
    broken = quote.recheck["lines"][knees]
    assert not broken["valid"]
    assert "knee" in broken["broken"].lower()
    assert broken["repair"]
    assert broken["repaired"]
    moved = quote.recheck["lines"][classic]
    assert moved["valid"]
    assert moved["price_after"] == moved["price_before"] + 1099
    assert recheck_open_quotes(session=session, catalog_id="jeans") == 0  # same version: nothing to do
    kept = lines_of(session=session, quote_id=int(quote.id or 0))
    assert quote.recheck["hash"] not in {line.catalog_hash for line in kept}  # nothing priced again yet


def test_requoting_prices_again_on_the_version_in_force_with_the_repair(session: Session) -> None:
    rep, quote, classic, knees = flagged_quote(session)
    other = staff(session, "otto@example.com", "rep")
    qid, flag = int(quote.id or 0), dict(quote.recheck or {})
    with pytest.raises(ForbiddenError):
        requote(session=session, quote_id=qid, version=quote.version, actor=other)
    with pytest.raises(TailorError, match="line 2: jeans can no longer be made as it was"):
        requote(session=session, quote_id=qid, version=quote.version, actor=rep, repair=False)
    done = requote(session=session, quote_id=qid, version=quote.version, actor=rep)
    assert done.id == qid
    assert done.recheck is None
    lines = {line.key: line for line in lines_of(session=session, quote_id=qid)}
    assert {line.catalog_hash for line in lines.values()} == {flag["hash"]}
    assert lines[classic].breakdown["total"] == flag["lines"][classic]["price_after"]
    assert lines[knees].choices["fit"] != "relaxed"


def test_requoting_a_sent_quote_revises_it_first(session: Session) -> None:
    rep, quote, _, _ = flagged_quote(session)
    quote = sent(session, quote)
    done = requote(session=session, quote_id=int(quote.id or 0), version=quote.version, actor=rep)
    assert (done.revision, done.status, done.recheck) == (2, "draft", None)
    assert quote_of(session=session, quote_id=int(quote.id or 0)).status == "superseded"
