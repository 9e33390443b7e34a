"""Server-side sessions: a browser's sign-in, or a customer's proven recognition, that can be ended.

The cookie carries a random token; the database keeps its keyed hash, the account or customer,
when it expires and whether it was revoked. Sign-out revokes this browser's session; a password
change and erasure revoke every session of the account or customer, so a copied cookie stops
working at once, on every worker.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.keys import keyed_hash, new_token
from app.models import Account, Customer, WebSession
from app.models.base import utcnow

LIFETIME = {"account": timedelta(days=30), "recognised": timedelta(hours=24)}
"""How long a session lasts: a sign-in, and a recognition proven by a link sent to the customer."""


def _hash(token: str) -> str:
    return keyed_hash("session", token)


def start_session(*, session: Session, kind: str, customer_id: int, account_id: int | None = None) -> str:
    """A new session (committed); returns its token, for the cookie only."""
    token = new_token()
    session.add(WebSession(token_hash=_hash(token), kind=kind, customer_id=customer_id, account_id=account_id,
                           expires_at=utcnow() + LIFETIME[kind]))  # fmt: skip
    session.commit()
    return token


def find_session(*, session: Session, token: str | None) -> WebSession | None:
    """The live session of this token (None when unknown, expired, revoked, or its customer is erased)."""
    if not token or len(token) > 64:
        return None
    found = session.exec(select(WebSession).where(WebSession.token_hash == _hash(token))).first()
    if found is None or found.revoked_at is not None or found.expires_at <= utcnow():
        return None
    customer = session.get(Customer, found.customer_id)
    if customer is None or customer.erased_at is not None:
        return None
    return found


def end_session(*, session: Session, token: str | None) -> None:
    """Revoke the session of this token (sign-out, "not you?")."""
    if token:
        _revoke(session, col(WebSession.token_hash) == _hash(token))


def end_sessions(*, session: Session, account_id: int | None = None, customer_id: int | None = None,
                 keep: str | None = None) -> None:  # fmt: skip
    """Revoke every session of the account or customer (but the one whose token is `keep`)."""
    where = []
    if account_id is not None:
        where.append(col(WebSession.account_id) == account_id)
    if customer_id is not None:
        where.append(col(WebSession.customer_id) == customer_id)
    if not where:
        raise ValueError("whose sessions to end?")
    if keep:
        where.append(col(WebSession.token_hash) != _hash(keep))
    _revoke(session, *where)


def _revoke(session: Session, *where: object) -> None:
    session.execute(
        update(WebSession).where(col(WebSession.revoked_at).is_(None), *where).values(revoked_at=utcnow())  # type: ignore[arg-type]
    )
    session.commit()


def switch_session(
    *, session: Session, token: str | None, account: Account | None = None, customer_id: int | None = None
) -> str:
    """End the browser's session `token` (if any) and start a fresh one: signed in to `account`, or
    recognised as `customer_id`; the new token."""
    end_session(session=session, token=token)
    if account is not None:
        return start_session(session=session, kind="account", customer_id=account.customer_id, account_id=account.id)
    assert customer_id is not None
    return start_session(session=session, kind="recognised", customer_id=customer_id)
