"""Find a customer by whatever the caller says: an e-mail, a phone in any format, a loyalty card, an
account number, a name (typos, accents and word order forgiven) or a company.

Identifiers are normalised exactly as identification stores them (`records.normalized`), so
"+34 600 12 34 56", "0034600123456" and "600-123-456" find the same phone; a phone typed without its
country is read in each country the customers live in (their addresses), Spain first. Names are
scored in Python (trigram overlap of the accent-free, case-folded name, with the words in any order)
over the live customers' names, so SQLite and PostgreSQL answer alike. At most `limit` hits, best
first; each says what matched, the tier, the last contact and whether a complaint is open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.errors import TailorError
from app.identity.normalize import normalize_name
from app.models import Address, Contact, Customer, Identifier, Interaction
from app.services.customers.records import Key, normalized

LONGEST_QUERY = 200
LIMIT = 50
NAME_FLOOR = 0.45
"""Least name score (0 to 1) a fuzzy hit needs."""
NAMES_READ = 50_000
"""Most customer names one search scores (the demo has 3,000)."""
PHONE_LIKE = re.compile(r"[+()\d][\d\s().\-/]{4,}")


@dataclass(frozen=True)
class Hit:
    """One customer found: how (`matched_by`: email, phone, account, loyalty, name, company) and how well."""

    customer_id: int
    name: str
    kind: str
    company: str | None
    tier: str | None
    last_contact: datetime | None
    matched_by: str
    score: float
    open_complaint: bool


def search_customers(*, session: Session, query: str, limit: int = LIMIT) -> list[Hit]:
    """Live customers matching `query`, identifiers first, then names by score (at most `limit`)."""
    text = " ".join(query.split())
    if len(text) > LONGEST_QUERY:
        raise TailorError("search: at most {count} characters", count=LONGEST_QUERY)
    if not text:
        return []
    found: dict[int, tuple[str, float]] = {}
    for customer_id, how in _by_identifier(session, text):
        found.setdefault(customer_id, (how, 1.0))
    if "@" not in text and not PHONE_LIKE.fullmatch(text):
        for customer_id, how, score in _by_name(session, text):
            if customer_id not in found or found[customer_id][1] < score:
                found.setdefault(customer_id, (how, score))
    best = sorted(found.items(), key=lambda item: (-item[1][1], item[0]))[:limit]
    return _hits(session, best)


def _by_identifier(session: Session, text: str) -> list[tuple[int, str]]:
    """(customer, identifier kind) for each stored identifier the text normalises to."""
    keys: set[tuple[str, str]] = set()
    if "@" in text:
        keys |= _valid(Key("email", text), "ES")
    if PHONE_LIKE.fullmatch(text):
        for region in _regions(session):
            keys |= _valid(Key("phone", text), region)
    for kind in ("account", "loyalty"):
        keys |= _valid(Key(kind, text), "ES") | _valid(Key(kind, text.replace(" ", "")), "ES")
    if not keys:
        return []
    values = {value for _, value in keys}
    rows = session.exec(
        select(Identifier.customer_id, Identifier.kind, Identifier.value).where(col(Identifier.value).in_(values))
    ).all()
    return [(owner, kind) for owner, kind, value in rows if (kind, value) in keys]


def _valid(key: Key, region: str) -> set[tuple[str, str]]:
    try:
        stored = normalized(key, region)
    except TailorError:
        return set()
    return {(stored.kind, stored.value)}


def _regions(session: Session) -> list[str]:
    """Countries to read a phone without its country code in: Spain first, then where customers live."""
    others = session.exec(select(Address.country).distinct().order_by(Address.country).limit(50)).all()
    return ["ES", *(country for country in others if country and country != "ES")]


def _by_name(session: Session, text: str) -> list[tuple[int, str, float]]:
    """(customer, "name" or "company", score) for live customers whose name is close to `text`."""
    wanted = normalize_name(text)
    if len(wanted) < 2:
        return []
    grams = _grams(wanted)
    live = (
        select(Customer.id, Customer.name, Customer.kind)
        .where(col(Customer.merged_into_id).is_(None), col(Customer.erased_at).is_(None))
        .order_by(col(Customer.id))
        .limit(NAMES_READ)
    )
    hits = []
    for customer_id, name, kind in session.exec(live).all():
        score = name_score(wanted, grams, _bare(name))
        if score >= NAME_FLOOR and customer_id is not None:
            hits.append((customer_id, "company" if kind == "company" else "name", score))
    return hits


def name_score(wanted: str, grams: set[str], name: str) -> float:
    """How close `name` is to `wanted` (both normalised), 0 to 1: trigram overlap, words in any order.

    A name with every typed word as the start of one of its words scores 0.95 (1 when it is the same name).
    """
    if not name:
        return 0.0
    words = name.split()
    if all(any(word.startswith(part) for word in words) for part in wanted.split()):
        return 1.0 if name == wanted else 0.95
    theirs = _name_grams(name)
    overlap = len(grams & theirs)
    return 2 * overlap / (len(grams) + len(theirs)) if theirs else 0.0


@lru_cache(maxsize=NAMES_READ)
def _bare(name: str) -> str:
    """`normalize_name`, remembered: the same names are scored by every search."""
    return normalize_name(name)


@lru_cache(maxsize=NAMES_READ)
def _name_grams(name: str) -> frozenset[str]:
    return frozenset(_grams(name))


def _grams(text: str) -> set[str]:
    """Trigrams of each word (padded), so word order does not matter."""
    grams: set[str] = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def _hits(session: Session, best: list[tuple[int, tuple[str, float]]]) -> list[Hit]:
    """The found customers with their tier, company, last contact and open complaints."""
    ids = [customer_id for customer_id, _ in best]
    if not ids:
        return []
    people = {row.id: row for row in session.exec(select(Customer).where(col(Customer.id).in_(ids))).all()}
    last = dict(
        session.exec(
            select(Interaction.customer_id, func.max(Interaction.occurred_at))
            .where(col(Interaction.customer_id).in_(ids))
            .group_by(col(Interaction.customer_id))
        ).all()
    )
    complaining = set(open_complaints(session=session, ids=ids))
    companies = _companies(session, ids)
    return [
        Hit(customer_id, people[customer_id].name, people[customer_id].kind, companies.get(customer_id),
            people[customer_id].tier, last.get(customer_id), how, round(score, 3), customer_id in complaining)
        for customer_id, (how, score) in best
        if customer_id in people and people[customer_id].merged_into_id is None
        and people[customer_id].erased_at is None
    ]  # fmt: skip


def _companies(session: Session, ids: list[int]) -> dict[int, str]:
    """For each person among `ids`, the name of a company they are a contact of."""
    rows = session.exec(
        select(Contact.person_id, Customer.name)
        .join(Customer, col(Customer.id) == col(Contact.company_id))
        .where(col(Contact.person_id).in_(ids))
        .order_by(col(Contact.id))
    ).all()
    companies: dict[int, str] = {}
    for person, name in rows:
        companies.setdefault(person, name)
    return companies


def open_complaints(*, session: Session, ids: list[int]) -> list[int]:
    """The customers among `ids` with at least one complaint not yet resolved."""
    rows = session.exec(
        select(Interaction.customer_id)
        .where(col(Interaction.customer_id).in_(ids), col(Interaction.complaint).is_(True),
               col(Interaction.resolved_at).is_(None))
        .distinct()
    ).all()  # fmt: skip
    return list(rows)
