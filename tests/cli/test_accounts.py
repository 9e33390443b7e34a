"""`tailor accounts role|list`: the first admin is made from a shell (both backends)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.cli import app
from tests.cli.test_customers import runner
from tests.factories import account


def test_role_gives_a_role_and_list_shows_it(configured: Engine) -> None:
    with Session(configured) as session:
        account(session, "ada@example.com")
    made = runner.invoke(app, ["accounts", "role", "ADA@example.com", "admin"])
    assert made.exit_code == 0, made.output
    assert "ada@example.com is now admin" in made.output
    listed = runner.invoke(app, ["accounts", "list"])
    assert "admin" in listed.output


def test_bad_input_says_what_and_exits_2(configured: Engine) -> None:
    unknown = runner.invoke(app, ["accounts", "role", "nobody@example.com", "rep"])
    assert unknown.exit_code == 2
    assert "no account has the e-mail 'nobody@example.com'" in unknown.output
    bad = runner.invoke(app, ["accounts", "role", "nobody@example.com", "king"])
    assert "'king' is not a role" in bad.output
