"""Server-side sessions: found by their token only, ended by sign-out, by revoking every session of an
account or customer, by expiry and by erasure; the token itself is never stored."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from app.models import WebSession
from app.models.base import utcnow
from app.services.accounts.web_sessions import end_session, end_sessions, find_session, start_session, switch_session
from app.services.customers.privacy import erase_customer
from tests.factories import customer


def test_a_session_is_found_by_its_token_and_ends(session: Session) -> None:
    who = customer(session)
    token = start_session(session=session, kind="recognised", customer_id=who)
    row = session.exec(select(WebSession)).one()
    assert token not in row.token_hash
    assert find_session(session=session, token=token) == row
    assert find_session(session=session, token=token + "x") is None
    assert find_session(session=session, token="") is None
    end_session(session=session, token=token)
    assert find_session(session=session, token=token) is None


def test_every_session_of_a_customer_ends_together(session: Session) -> None:
    who = customer(session)
    tokens = [start_session(session=session, kind="recognised", customer_id=who) for _ in range(3)]
    end_sessions(session=session, customer_id=who, keep=tokens[0])
    assert [find_session(session=session, token=t) is not None for t in tokens] == [True, False, False]


def test_expired_and_erased_sessions_open_nothing(session: Session) -> None:
    who = customer(session)
    old = start_session(session=session, kind="recognised", customer_id=who)
    row = session.exec(select(WebSession)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert find_session(session=session, token=old) is None
    fresh = start_session(session=session, kind="recognised", customer_id=who)
    erase_customer(session=session, customer_id=who)
    assert find_session(session=session, token=fresh) is None


def test_a_switch_ends_the_old_session_and_starts_the_new_kind(session: Session) -> None:
    who = customer(session)
    old = start_session(session=session, kind="recognised", customer_id=who)
    new = switch_session(session=session, token=old, customer_id=who)
    assert find_session(session=session, token=old) is None
    found = find_session(session=session, token=new)
    assert found is not None
    assert (found.kind, found.customer_id) == ("recognised", who)
