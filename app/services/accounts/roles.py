"""Roles: who is a customer, a sales rep or an admin; every account with its customer."""

from __future__ import annotations

from sqlmodel import Session, select

from app.errors import ConflictError, NotFoundError, TailorError
from app.identity.normalize import normalize_email
from app.models import Account, Customer
from app.models.accounts import ROLES as ROLES
from app.services.customers.records import resolve


def customer_of(*, session: Session, account_id: int) -> tuple[Account, Customer] | None:
    """The account and its (live) customer, or None when the account is gone."""
    account = session.get(Account, account_id)
    if account is None:
        return None
    customer = resolve(session=session, customer_id=account.customer_id)
    if customer.erased_at is not None:
        return None
    return account, customer


def set_role(*, session: Session, email: str, role: str, by: Account | None = None) -> Account:
    """Give the account of `email` the role customer, rep or admin (`by`: the admin doing it, if any).

    An admin cannot take away their own admin role, so an instance always keeps one.
    """
    if role not in ROLES:
        raise TailorError("role: '{role}' is not a role (roles: {roles})", role=role, roles=", ".join(ROLES))
    try:
        address = normalize_email(email)
    except TailorError:
        raise TailorError("email: '{email}' is not an e-mail address", email=email) from None
    account = session.exec(select(Account).where(Account.email == address)).first()
    if account is None:
        raise NotFoundError("email: no account has the e-mail '{email}'", email=address)
    if by is not None and by.id == account.id and role != "admin":
        raise ConflictError("you cannot take away your own admin role: ask another admin")
    account.role = role
    session.commit()
    session.refresh(account)
    return account


def account_with_role(*, session: Session, email: str, roles: tuple[str, ...]) -> Account:
    """The account of `email` when its role is one of `roles` (not found, or refused naming the role it has)."""
    try:
        address = normalize_email(email)
    except TailorError:
        raise TailorError("email: '{email}' is not an e-mail address", email=email[:200]) from None
    account = session.exec(select(Account).where(Account.email == address)).first()
    if account is None:
        raise NotFoundError("email: no account has the e-mail '{email}'", email=address)
    if account.role not in roles:
        raise TailorError("the account '{email}' is a {role}, not one of: {roles}", email=address, role=account.role,
                          roles=", ".join(roles))  # fmt: skip
    return account


def accounts_list(*, session: Session) -> list[tuple[Account, Customer]]:
    """Every account with its customer, reps and admins first, then by e-mail."""
    rows = session.exec(select(Account, Customer).where(Account.customer_id == Customer.id)).all()
    order = {"admin": 0, "rep": 1}
    return sorted(((a, c) for a, c in rows), key=lambda pair: (order.get(pair[0].role, 2), pair[0].email))
