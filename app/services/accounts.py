"""Sign-up and sign-in: argon2 password hashes, the customer found or created by e-mail, consent
recorded with the words shown.

Sign-up finds the customer by e-mail first, so someone who already bought in a shop or on the
phone gets their own history on their new account.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.errors import TailorError
from app.identity.normalize import normalize_email
from app.models import Account, Customer
from app.models.accounts import ROLES
from app.models.base import utcnow
from app.services.consent import record_consent
from app.services.customers import Key, identify, resolve

HASHER = PasswordHasher()
MIN_PASSWORD = 10
CONSENT_WORDS = {
    "personalisation": "Use what I tell you and what I buy to suggest choices that fit me and to fill them in for me.",
    "marketing": "Send me offers by e-mail. I can stop them at any time on the 'my data' page.",
    "new_products": "Tell me by e-mail when there is a new product I may like.",
}
"""The plain words shown next to each box at sign-up and on "my data" (kept as evidence)."""
CONSENT_CHANNEL = {"personalisation": "any", "marketing": "email", "new_products": "email"}


@dataclass(frozen=True)
class SignedUp:
    """The new account, and whether the customer was already known (recognised)."""

    account: Account
    recognised: bool


def sign_up(
    *,
    session: Session,
    name: str,
    email: str,
    password: str,
    consents: set[str],
    where: str = "sign-up page",
    words: Mapping[str, str] = CONSENT_WORDS,
) -> SignedUp:
    """Create the account (409 if the e-mail has one), record each consent given, all in one go.

    `words` are the sentences the person read next to each box (in their language): they are
    what each consent record keeps as evidence.
    """
    address = normalize_email(email)
    if not name.strip():
        raise TailorError("name: tell us your name")
    if len(password) < MIN_PASSWORD:
        raise TailorError("password: use at least {count} characters", count=MIN_PASSWORD)
    unknown = consents - set(CONSENT_WORDS)
    if unknown:
        raise TailorError("unknown consent {names}", names=", ".join(sorted(unknown)))
    if session.exec(select(Account).where(Account.email == address)).first() is not None:
        raise TailorError("this e-mail already has an account: sign in instead", 409)
    found = identify(session=session, keys=[Key("email", address)], source="web", name=name.strip())
    customer_id = int(found.customer.id or 0)
    account = Account(customer_id=customer_id, email=address, password_hash=HASHER.hash(password))
    session.add(account)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise TailorError("this e-mail already has an account: sign in instead", 409) from error
    for purpose in sorted(consents):
        record_consent(session=session, customer_id=customer_id, channel=CONSENT_CHANNEL[purpose], purpose=purpose,
                       granted=True, where=where, text_shown=words.get(purpose, CONSENT_WORDS[purpose]))  # fmt: skip
    session.refresh(account)
    return SignedUp(account, not found.created)


def sign_in(*, session: Session, email: str, password: str) -> Account:
    """The account when the password matches; one message for every failure (no account probing)."""
    refused = TailorError("the e-mail or the password is not right", 401)
    try:
        address = normalize_email(email)
    except TailorError:
        raise refused from None
    account = session.exec(select(Account).where(Account.email == address)).first()
    if account is None:
        HASHER.hash(password)  # same work either way: timing does not tell which e-mails have accounts
        raise refused
    try:
        HASHER.verify(account.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise refused from None
    if HASHER.check_needs_rehash(account.password_hash):
        account.password_hash = HASHER.hash(password)
    account.last_sign_in_at = utcnow()
    session.commit()
    session.refresh(account)
    return account


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
        raise TailorError("email: no account has the e-mail '{email}'", 404, email=address)
    if by is not None and by.id == account.id and role != "admin":
        raise TailorError("you cannot take away your own admin role: ask another admin", 409)
    account.role = role
    session.commit()
    session.refresh(account)
    return account


def accounts_list(*, session: Session) -> list[tuple[Account, Customer]]:
    """Every account with its customer, reps and admins first, then by e-mail."""
    rows = session.exec(select(Account, Customer).where(Account.customer_id == Customer.id)).all()
    order = {"admin": 0, "rep": 1}
    return sorted(((a, c) for a, c in rows), key=lambda pair: (order.get(pair[0].role, 2), pair[0].email))
