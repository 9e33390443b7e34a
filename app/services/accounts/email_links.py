"""Single-use, expiring links sent to an e-mail address: whoever opens one controls that address.

A link carries a random token; only its keyed hash is stored, with what the link completes
(`payload`). Opening it consumes it (a second open finds nothing). Sending is bounded per
address and per requesting network address, so nobody can flood a mailbox through Tailor;
past a bound the request is answered the same way but nothing is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from app.errors import GoneError
from app.keys import keyed_hash, new_token
from app.models import EmailToken
from app.models.base import utcnow

LIFETIME = {"signup": timedelta(hours=24), "recognise": timedelta(minutes=30), "reset": timedelta(hours=1)}
"""How long each kind of link stays valid."""
PER_EMAIL = 3
"""Links of one kind sent to one address per `WINDOW`."""
PER_ADDRESS = 20
"""Links of every kind asked for from one network address per `WINDOW`."""
WINDOW = timedelta(hours=1)


def address_hash(address: str) -> str:
    """The stored form of a requesting network address."""
    return keyed_hash("address", address)


def may_send(*, session: Session, purpose: str, email: str, address: str) -> bool:
    """Whether one more link may go to `email`, asked for from `address` (the bounds above)."""
    since = utcnow() - WINDOW
    recent = select(func.count()).select_from(EmailToken).where(col(EmailToken.created_at) >= since)
    to_email = session.exec(recent.where(EmailToken.email == email, EmailToken.purpose == purpose)).one()
    from_address = session.exec(recent.where(EmailToken.address_hash == address_hash(address))).one()
    return int(to_email) < PER_EMAIL and int(from_address) < PER_ADDRESS


def issue_token(
    *,
    session: Session,
    purpose: str,
    email: str,
    address: str,
    customer_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> str:
    """A new link token for `email` (added to the caller's transaction); returns the token, for the link only."""
    if purpose not in LIFETIME:
        raise ValueError(f"unknown link purpose '{purpose}'")
    token = new_token()
    session.add(EmailToken(purpose=purpose, token_hash=keyed_hash("link", token), email=email, customer_id=customer_id,
                           payload=payload or {}, address_hash=address_hash(address),
                           expires_at=utcnow() + LIFETIME[purpose]))  # fmt: skip
    session.flush()
    return token


@dataclass(frozen=True)
class Opened:
    """What an opened link proves and completes: the address, the customer it was sent for, its payload."""

    email: str
    customer_id: int | None
    payload: dict[str, Any]


def consume_token(*, session: Session, purpose: str, token: str) -> Opened:
    """Use up the link (in the caller's transaction; its payload is wiped); 410 when unknown, used or expired."""
    gone = GoneError("this link is not valid any more (it was used, or it is too old): ask for a new one")
    if not token or len(token) > 64:
        raise gone
    now = utcnow()
    live = (
        col(EmailToken.token_hash) == keyed_hash("link", token),
        col(EmailToken.purpose) == purpose,
        col(EmailToken.used_at).is_(None),
        col(EmailToken.expires_at) > now,
    )
    row = session.exec(select(EmailToken).where(*live)).first()
    if row is None:
        raise gone
    opened = Opened(row.email, row.customer_id, dict(row.payload))
    # two opens racing: only one conditional update matches
    claimed = session.execute(update(EmailToken).where(*live).values(used_at=now, payload={}))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise gone
    session.expire(row)
    return opened


def forget_tokens(*, session: Session, customer_id: int | None = None, email: str | None = None) -> None:
    """Delete a person's links (erasure), in the caller's transaction."""
    if customer_id is not None:
        session.execute(EmailToken.__table__.delete().where(EmailToken.__table__.c.customer_id == customer_id))  # type: ignore[attr-defined]
    if email is not None:
        session.execute(EmailToken.__table__.delete().where(EmailToken.__table__.c.email == email))  # type: ignore[attr-defined]
