"""Passwords: the policy, throttled sign-in per account and per network address (in the database),
password change ending the other sessions."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.errors import TailorError
from app.models import WebSession
from app.services.accounts.passwords import (
    MAX_ADDRESS_FAILURES,
    MAX_FAILURES,
    change_password,
    check_password,
    sign_in,
)
from app.services.accounts.web_sessions import find_session, start_session
from app.web.errors import status_of
from tests.factories import account

GOOD = "a long enough secret"


@pytest.mark.parametrize(
    ("password", "said"),
    [
        ("short", "at least 10 characters"),
        ("x" * 129, "at most 128 characters"),
        ("aaaaaaaaaaaaaa", "too easy to guess"),
        ("password1234", "too easy to guess"),
        ("1234567890", "too easy to guess"),
        ("qwertyuiop", "too easy to guess"),
        ("adaexample1", "too easy to guess"),
    ],
)
def test_the_password_policy(password: str, said: str) -> None:
    with pytest.raises(TailorError) as refused:
        check_password(password, "Ada Example", "ada@example.com")
    assert said in refused.value.message


@pytest.mark.parametrize("password", [GOOD, "violet tractor umbrella", "Tr0ub4dor&3-kestrel"])
def test_good_passwords_pass(password: str) -> None:
    check_password(password, "Ada Example", "ada@example.com")


def test_failures_are_bounded_per_account(session: Session) -> None:
    account(session, "ada@example.com")
    for n in range(MAX_FAILURES):
        with pytest.raises(TailorError) as wrong:
            sign_in(session=session, email="ada@example.com", password=f"wrong {n}", address=f"10.0.0.{n}")
        assert status_of(wrong.value) == 401
    with pytest.raises(TailorError) as waiting:
        sign_in(session=session, email="ada@example.com", password=GOOD, address="10.0.1.1")
    assert status_of(waiting.value) == 429


def test_failures_are_bounded_per_network_address(session: Session) -> None:
    account(session, "ada@example.com")
    for n in range(MAX_ADDRESS_FAILURES):
        with pytest.raises(TailorError):
            sign_in(session=session, email=f"user{n}@example.com", password="wrong guess", address="10.9.9.9")
    with pytest.raises(TailorError) as waiting:
        sign_in(session=session, email="ada@example.com", password=GOOD, address="10.9.9.9")
    assert status_of(waiting.value) == 429
    assert (
        sign_in(session=session, email="ada@example.com", password=GOOD, address="10.0.0.1").email == "ada@example.com"
    )


def test_a_success_starts_the_count_afresh(session: Session) -> None:
    account(session, "ada@example.com")
    for round_ in range(3):
        for n in range(MAX_FAILURES - 1):
            with pytest.raises(TailorError):
                sign_in(session=session, email="ada@example.com", password=f"wrong {round_} {n}", address="a")
        sign_in(session=session, email="ada@example.com", password=GOOD, address="a")


def test_a_password_change_ends_the_other_sessions(session: Session) -> None:
    made = account(session, "ada@example.com")
    kept = start_session(session=session, kind="account", customer_id=made.customer_id, account_id=made.id)
    other = start_session(session=session, kind="account", customer_id=made.customer_id, account_id=made.id)
    with pytest.raises(TailorError):
        change_password(
            session=session, account=made, current="not it at all", new="violet tractor umbrella", keep=kept
        )
    change_password(session=session, account=made, current=GOOD, new="violet tractor umbrella", keep=kept)
    assert find_session(session=session, token=kept) is not None
    assert find_session(session=session, token=other) is None
    assert len(session.exec(select(WebSession)).all()) == 2
