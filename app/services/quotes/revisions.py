"""Revisions of a quote, and quotes kept on an older catalog version.

A sent quote does not change in place (the customer holds a link to it): `revise_quote` copies it
into a new draft revision (same number `root_id`, next `revision`, the lines with their keys, locked
prices and contexts) and the sent one becomes `superseded`. `revision_pair_diff` puts any two
revisions side by side (the pure `app.quotes.revisions.diff_revisions`).

A line stays priced on the catalog version it was configured on. When a newer version comes into
force, `recheck_open_quotes` opens each open quote's older lines on it, in the customer's context:
a line that stopped being valid is flagged with what broke and the nearest repair, a valid line whose
price moved with both prices (`Quote.recheck`). Nothing is priced again until the rep decides to
`requote` (a sent quote is revised first).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.catalog import Catalog
from app.catalog.configuration import Choice
from app.errors import ConflictError, NotFoundError, TailorError
from app.models import Account, Customer, Quote, QuoteLine
from app.models.base import json_ready, utcnow
from app.quotes.revisions import TOTALS_COMPARED, Change, LineDiff, RevisionDiff, diff_revisions
from app.quotes.totals import Quote as CoreQuote
from app.quotes.totals import quote_totals
from app.quotes.validity import EDITABLE
from app.services.catalogs.documents import hash_of
from app.services.catalogs.impact import Opened, open_line
from app.services.catalogs.in_force import version_in_force
from app.services.catalogs.shelf import published_catalog
from app.services.configurator.checkout import checked_price
from app.services.context import customer_context
from app.services.quotes.priced import priced_quote
from app.services.quotes.store import OPEN_STATUSES, changed, lines_of, live_customer, may_change, quote_of, rolls_back

COPIED = ("root_id", "customer_id", "contact_id", "owner_id", "channel", "currency", "discount_percent",
          "valid_until", "terms", "reason", "net_minor", "margin_minor", "request_id", "recheck")  # fmt: skip
"""What a new revision takes from the one it revises (not the status, the customer link, the order or times)."""
LINE_COPIED = ("key", "position", "catalog_id", "catalog_version", "catalog_hash", "product_id", "choices",
               "quantity", "discount_percent", "discount_per_unit", "breakdown", "context")  # fmt: skip


@rolls_back
def revise_quote(*, session: Session, quote_id: int, version: int, actor: Account) -> Quote:
    """A new draft revision of the sent quote `quote_id` (seen at `version`); the sent one is superseded."""
    revision = _revised(session, quote_id, version, actor)
    session.commit()
    session.refresh(revision)
    return revision


def _revised(session: Session, quote_id: int, version: int, actor: Account) -> Quote:
    """`revise_quote` in the session, not committed yet."""
    quote = quote_of(session=session, quote_id=quote_id)
    may_change(quote, actor)
    number = quote.root_id or quote.id
    if quote.status != "sent":
        raise ConflictError("Quote {number} is {status}: only a sent quote is revised.", number=number,
                            status=quote.status)  # fmt: skip
    if quote.version != version:
        raise ConflictError("Quote {number} was changed meanwhile: reload it and try again.", number=number)
    superseded = session.execute(
        update(Quote)
        .where(col(Quote.id) == quote_id, col(Quote.version) == version, col(Quote.status) == "sent")
        .values(status="superseded", version=version + 1, updated_at=utcnow())
    )  # fmt: skip
    if superseded.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError("Quote {number} was changed meanwhile: reload it and try again.", number=number)
    last = session.exec(select(func.max(Quote.revision)).where(Quote.root_id == quote.root_id)).one()
    revision = Quote(**{name: getattr(quote, name) for name in COPIED}, revision=int(last or quote.revision) + 1)
    session.add(revision)
    try:
        session.flush()
    except IntegrityError:  # another rep revised it at this very moment
        raise ConflictError("Quote {number} was changed meanwhile: reload it and try again.", number=number) from None
    for line in lines_of(session=session, quote_id=quote_id):
        session.add(QuoteLine(quote_id=int(revision.id or 0), **{name: getattr(line, name) for name in LINE_COPIED}))
    session.flush()
    return revision


def revisions_of(*, session: Session, root_id: int) -> list[Quote]:
    """Every revision of the quote numbered `root_id`, first to last (`NotFoundError` when there is none)."""
    found = list(session.exec(select(Quote).where(Quote.root_id == root_id).order_by(col(Quote.revision))).all())
    if not found:
        raise NotFoundError("no quote {number}", number=root_id)
    return found


def revision_of(*, session: Session, root_id: int, revision: int) -> Quote:
    """Revision `revision` of the quote `root_id` (`NotFoundError` when there is none)."""
    found = session.exec(select(Quote).where(Quote.root_id == root_id, Quote.revision == revision)).first()
    if found is None:
        raise NotFoundError("quote {number} has no revision {revision}", number=root_id, revision=revision)
    return found


def revision_pair_diff(*, session: Session, root_id: int, a: int, b: int) -> RevisionDiff:
    """What changed from revision `a` to revision `b` of the quote `root_id` (lines, choices, prices, totals)."""
    cores, chosen = [], []
    for number in (a, b):
        priced = priced_quote(session=session, quote=revision_of(session=session, root_id=root_id, revision=number))
        if priced.problem is not None:
            raise priced.problem
        cores.append(priced.core)
        chosen.append({line.key: _chosen(line.choices) for line in priced.lines})
    before, after = cores
    if before is None or after is None:
        return _one_side_empty(before, after)
    diff = diff_revisions(before, after)
    return diff.model_copy(update={"lines": tuple(_with_choices(line, *chosen) for line in diff.lines)})


def _with_choices(line: LineDiff, before: dict[str, dict[str, tuple[str, ...]]],
                  after: dict[str, dict[str, tuple[str, ...]]]) -> LineDiff:  # fmt: skip
    """The line's choice changes read from the kept choices (the price breakdown leaves out free options)."""
    if line.key not in before or line.key not in after:
        return line
    was, now = before[line.key], after[line.key]
    names = list(was) + [name for name in now if name not in was]
    choices = tuple(Change(name=name, before=was.get(name), after=now.get(name)) for name in names
                    if was.get(name) != now.get(name))  # fmt: skip
    kind = "changed" if line.changes or choices else "same"
    return line.model_copy(update={"choices": choices, "kind": kind})


def _chosen(choices: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Kept choices as option ids (or a number as text), attribute by attribute, nothing for what is empty."""
    read = {}
    for name, value in choices.items():
        items = tuple(str(item) for item in value) if isinstance(value, list | tuple) else (str(value),)
        if value is not None and value != "" and items:
            read[name] = items
    return read


def _one_side_empty(before: CoreQuote | None, after: CoreQuote | None) -> RevisionDiff:
    """The difference when a revision has no lines (the core prices a quote of one line or more)."""
    kept = after or before
    if kept is None:
        return RevisionDiff(lines=(), totals=())
    kind: Literal["added", "removed"] = "added" if after is not None else "removed"
    totals = quote_totals(kept)
    changes = []
    for name in TOTALS_COMPARED:
        value = getattr(totals, name)
        if value:
            changes.append(Change(name=name, before=0 if after else value, after=value if after else 0))
    lines = tuple(LineDiff(key=line.key, product=line.product, kind=kind) for line in kept.lines)
    return RevisionDiff(lines=lines, totals=tuple(changes))


def recheck_open_quotes(*, session: Session, catalog_id: str, locale: str = "en") -> int:
    """Flag the open quotes with lines on an older version of `catalog_id` than the one in force; how many
    quotes were looked at (a quote already checked against the version in force is left as it is)."""
    in_force = version_in_force(session=session, catalog_id=catalog_id)
    if in_force is None:
        return 0
    catalog = published_catalog(session=session, catalog_id=catalog_id)
    digest = hash_of(catalog)
    ids = session.exec(
        select(QuoteLine.quote_id).join(Quote, col(Quote.id) == col(QuoteLine.quote_id))
        .where(QuoteLine.catalog_id == catalog_id, QuoteLine.catalog_hash != digest,
               col(Quote.status).in_(OPEN_STATUSES))
        .distinct()
    ).all()  # fmt: skip
    looked = 0
    for quote_id in sorted(ids):
        quote = session.get(Quote, quote_id)
        if quote is None or (quote.recheck or {}).get("checked", {}).get(catalog_id) == digest:
            continue
        customer = session.get(Customer, quote.customer_id)
        if customer is None or customer.erased_at is not None:
            continue
        looked += 1
        _recheck(session, quote, customer, catalog, (in_force.number, digest), locale)
    session.commit()
    return looked


def _recheck(session: Session, quote: Quote, customer: Customer, catalog: Catalog, version: tuple[int, str],
             locale: str) -> None:  # fmt: skip
    number, digest = version
    context = customer_context(session=session, customer=customer, channel=quote.channel)
    kept = {key: found for key, found in (quote.recheck or {}).get("lines", {}).items()
            if found.get("catalog_id") != catalog.id}  # fmt: skip
    for line in lines_of(session=session, quote_id=int(quote.id or 0)):
        if line.catalog_id != catalog.id or line.catalog_hash == digest:
            continue
        opened = open_line(catalog, line.product_id, line.choices, context, locale)
        before = line.breakdown.get("total")
        if opened.valid and opened.price == before:
            continue
        kept[line.key] = {"catalog_id": catalog.id, "product_id": line.product_id, "valid": opened.valid,
                          "broken": opened.broken, "repair": opened.repair, "repaired": opened.repaired,
                          "price_before": before, "price_after": opened.price}  # fmt: skip
    checked = {**(quote.recheck or {}).get("checked", {}), catalog.id: digest}
    quote.recheck = None
    if kept:
        quote.recheck = {"catalog_id": catalog.id, "version": catalog.version, "number": number, "hash": digest,
                         "checked_at": utcnow().isoformat(), "lines": kept, "checked": checked}  # fmt: skip
    session.add(quote)


@rolls_back
def requote(*, session: Session, quote_id: int, version: int, actor: Account, repair: bool = True) -> Quote:
    """Price every line kept on an older catalog version again on the version in force, in the customer's
    context (a line that broke takes its nearest repair, or with `repair=False` is refused); a sent quote
    is revised first. The recheck flag is cleared."""
    quote = quote_of(session=session, quote_id=quote_id)
    may_change(quote, actor)
    plans = _plans(session, quote, repair)  # everything checked before anything changes
    if quote.status == "sent":
        quote = _revised(session, quote_id, version, actor)
    elif quote.status not in EDITABLE:
        raise ConflictError("Quote {number} is {status} and cannot be changed; make a new revision.",
                            number=quote.root_id, status=quote.status)  # fmt: skip
    elif quote.version != version:
        raise ConflictError("Quote {number} was changed meanwhile: reload it and try again.", number=quote.root_id)
    rows = {line.key: line for line in lines_of(session=session, quote_id=int(quote.id or 0))}
    customer = live_customer(session=session, customer_id=quote.customer_id)
    context = customer_context(session=session, customer=customer, channel=quote.channel)
    for key, catalog_id, product_id, choices in plans:
        line = rows[key]
        catalog = published_catalog(session=session, catalog_id=catalog_id)
        breakdown = checked_price(catalog=catalog, product_id=product_id, choices=dict(choices), context=context)
        line.catalog_id, line.catalog_version, line.catalog_hash = catalog.id, catalog.version, hash_of(catalog)
        line.choices, line.breakdown = json_ready(dict(choices)), breakdown.model_dump(mode="json")
        line.context = {"values": dict(context.values), "on": context.on.isoformat()}
        session.add(line)
    quote.recheck = None
    changed(session=session, quote=quote, actor=actor)  # priced, checked and kept together, or not at all
    return quote


def _plans(session: Session, quote: Quote, repair: bool) -> list[tuple[str, str, str, dict[str, Choice]]]:
    """Each older line's key, catalog, product and the choices it is priced again with."""
    customer = session.get(Customer, quote.customer_id)
    if customer is None or customer.erased_at is not None:
        raise TailorError("This quote's customer was erased.")
    context = customer_context(session=session, customer=customer, channel=quote.channel)
    catalogs: dict[str, Catalog] = {}
    plans = []
    for line in lines_of(session=session, quote_id=int(quote.id or 0)):
        if line.catalog_id not in catalogs:
            catalogs[line.catalog_id] = published_catalog(session=session, catalog_id=line.catalog_id)
        catalog = catalogs[line.catalog_id]
        if line.catalog_hash == hash_of(catalog):
            continue
        choices = dict(line.choices)
        opened: Opened = open_line(catalog, line.product_id, choices, context, "en")
        if not opened.valid:
            if not repair or not opened.repaired:
                raise TailorError(
                    "line {position}: {product} can no longer be made as it was ({reason}); requote with its repair",
                    position=line.position + 1, product=line.product_id, reason=opened.broken or "-",
                )  # fmt: skip
            choices.update(opened.repaired)
        plans.append((line.key, line.catalog_id, line.product_id, _choices(choices)))
    return plans


def _choices(stored: dict[str, Any]) -> dict[str, Choice]:
    """Kept (JSON) choices as the engine reads them: numbers as Decimals, lists of ids, ids."""
    read: dict[str, Choice] = {}
    for key, value in stored.items():
        if value is None or value == "":
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            read[key] = Decimal(str(value))
        elif isinstance(value, list | tuple):
            read[key] = [str(item) for item in value]
        else:
            read[key] = str(value)
    return read
