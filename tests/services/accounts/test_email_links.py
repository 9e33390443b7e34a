"""E-mailed links (on SQLite and PostgreSQL): used once, bounded per address, wiped on erasure."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.errors import GoneError
from app.services.accounts.email_links import PER_EMAIL, consume_token, forget_tokens, issue_token, may_send

ADDRESS = "192.0.2.7"


def test_a_link_opens_once_with_its_payload(session: Session) -> None:
    token = issue_token(session=session, purpose="reset", email="ana@example.com", address=ADDRESS, payload={"a": 1})
    session.commit()
    opened = consume_token(session=session, purpose="reset", token=token)
    assert (opened.email, opened.payload) == ("ana@example.com", {"a": 1})
    session.commit()
    with pytest.raises(GoneError):
        consume_token(session=session, purpose="reset", token=token)
    with pytest.raises(GoneError):
        consume_token(session=session, purpose="signup", token="x" * 65)


def test_sending_is_bounded_per_address(session: Session) -> None:
    for _ in range(PER_EMAIL):
        assert may_send(session=session, purpose="recognise", email="ana@example.com", address=ADDRESS)
        issue_token(session=session, purpose="recognise", email="ana@example.com", address=ADDRESS)
    assert not may_send(session=session, purpose="recognise", email="ana@example.com", address=ADDRESS)
    assert may_send(session=session, purpose="recognise", email="eva@example.com", address=ADDRESS)


def test_forgotten_links_no_longer_open(session: Session) -> None:
    token = issue_token(session=session, purpose="signup", email="ana@example.com", address=ADDRESS)
    forget_tokens(session=session, email="ana@example.com")
    session.commit()
    with pytest.raises(GoneError):
        consume_token(session=session, purpose="signup", token=token)
