"""Recognising a customer who does not sign in: an e-mail or loyalty card, checked by postcode.

The identifier alone is not enough to show what Tailor knows (anyone can type an e-mail), so
the customer also gives the postcode of an address we hold. Failures are counted per browser
and per identifier: after `MAX_FAILURES` in `WINDOW`, that identifier (or browser) must wait,
so the postcode cannot be guessed. Every failure gets the same answer, whether the identifier
is unknown or the postcode wrong, so nobody learns who is a customer.
"""

from __future__ import annotations

from datetime import timedelta
from hashlib import sha256

from sqlmodel import Session, col, func, select

from app.errors import TailorError
from app.models import Address, Customer, Identifier, RecognitionAttempt
from app.models.base import utcnow
from app.services.customers import Key, normalized, resolve
from app.services.timeline import record_interaction

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
REFUSED = "we could not find you with these details: check them, or sign in"
WAIT = "too many tries: wait 15 minutes, or sign in"


def recognise(*, session: Session, visitor: str, identifier: str, postcode: str) -> Customer:
    """The customer whose e-mail or loyalty card is `identifier` and who has an address at `postcode`.

    Raises 401 with one message for every mismatch, 429 after too many failures.
    """
    typed = identifier.strip()
    key = _key(typed)
    visitor_hash = _hash(f"visitor:{visitor}")
    identifier_hash = _hash(f"{key.kind}:{key.value}" if key else f"raw:{typed.lower()}")
    if _failures(session, visitor_hash=visitor_hash) >= MAX_FAILURES * 2 or (
        _failures(session, identifier_hash=identifier_hash) >= MAX_FAILURES
    ):
        raise TailorError(WAIT, 429)
    customer = _match(session, key, postcode) if key else None
    session.add(RecognitionAttempt(visitor_hash=visitor_hash, identifier_hash=identifier_hash,
                                   succeeded=customer is not None))  # fmt: skip
    session.commit()
    if customer is None:
        raise TailorError(REFUSED, 401)
    record_interaction(session=session, customer_id=int(customer.id or 0), channel="web", kind="recognised",
                       summary=f"Recognised on the web by {key.kind if key else '?'} and postcode")  # fmt: skip
    return customer


def _key(typed: str) -> Key | None:
    try:
        return normalized(Key("email", typed) if "@" in typed else Key("loyalty", typed))
    except TailorError:
        return None


def _match(session: Session, key: Key, postcode: str) -> Customer | None:
    row = session.exec(
        select(Identifier).where(Identifier.kind == key.kind, Identifier.channel == "", Identifier.value == key.value)
    ).first()
    if row is None:
        return None
    customer = resolve(session=session, customer_id=row.customer_id)
    if customer.erased_at is not None:
        return None
    wanted = _postcode(postcode)
    owners = {row.customer_id, int(customer.id or 0)}
    held = session.exec(select(Address.postcode).where(col(Address.customer_id).in_(owners))).all()
    return customer if wanted and any(_postcode(p or "") == wanted for p in held) else None


def _failures(session: Session, *, visitor_hash: str | None = None, identifier_hash: str | None = None) -> int:
    query = (
        select(func.count())
        .select_from(RecognitionAttempt)
        .where(col(RecognitionAttempt.succeeded).is_(False), col(RecognitionAttempt.at) >= utcnow() - WINDOW)
    )
    if visitor_hash is not None:
        query = query.where(RecognitionAttempt.visitor_hash == visitor_hash)
    if identifier_hash is not None:
        query = query.where(RecognitionAttempt.identifier_hash == identifier_hash)
    return int(session.exec(query).one())


def _postcode(value: str) -> str:
    return "".join(value.split()).upper()


def _hash(value: str) -> str:
    return sha256(value.encode()).hexdigest()
