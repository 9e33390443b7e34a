"""Roles (on SQLite and PostgreSQL): an admin gives roles by e-mail, never takes away their own admin
role; the list puts admins and reps first."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.errors import ConflictError, NotFoundError, TailorError
from app.services.accounts.roles import account_with_role, accounts_list, customer_of, set_role
from tests.factories import account


def test_roles_are_given_by_e_mail_and_listed_admins_first(session: Session) -> None:
    ada, bo = account(session, "ada@example.com"), account(session, "bo@example.com")
    admin = set_role(session=session, email="ADA@example.com", role="admin")
    set_role(session=session, email="bo@example.com", role="rep", by=admin)
    assert [(a.email, a.role) for a, _ in accounts_list(session=session)] == [
        ("ada@example.com", "admin"),
        ("bo@example.com", "rep"),
    ]
    with pytest.raises(ConflictError, match="your own admin role"):
        set_role(session=session, email="ada@example.com", role="customer", by=admin)
    found = customer_of(session=session, account_id=int(bo.id or 0))
    assert found is not None
    assert found[1].id == bo.customer_id
    assert ada.id != bo.id


def test_unknown_roles_and_addresses_are_refused(session: Session) -> None:
    account(session, "ada@example.com")
    with pytest.raises(TailorError, match="is not a role"):
        set_role(session=session, email="ada@example.com", role="king")
    with pytest.raises(NotFoundError, match="no account has the e-mail"):
        set_role(session=session, email="eve@example.com", role="rep")


def test_an_account_with_one_of_the_roles_is_found_by_e_mail(session: Session) -> None:
    account(session, "cat@example.com", name="Cat")
    set_role(session=session, email="cat@example.com", role="catalog_manager")
    found = account_with_role(session=session, email=" CAT@example.com", roles=("catalog_manager", "admin"))
    assert found.email == "cat@example.com"
    with pytest.raises(TailorError, match="is a catalog_manager, not one of: rep"):
        account_with_role(session=session, email="cat@example.com", roles=("rep",))
    with pytest.raises(NotFoundError):
        account_with_role(session=session, email="nobody@example.com", roles=("rep",))
