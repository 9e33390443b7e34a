"""Sign-in and passwords: argon2 hashes, a password policy, throttled sign-in, password change and
reset (each ending the account's other sessions)."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, col, func, select
from zxcvbn import zxcvbn

from app.errors import GoneError, RefusedError, TailorError, TooManyTriesError
from app.identity.normalize import normalize_email
from app.keys import keyed_hash
from app.models import Account, Customer, SignInAttempt
from app.models.base import utcnow
from app.services.accounts.email_links import consume_token, issue_token, may_send
from app.services.accounts.web_sessions import end_sessions
from app.services.notifications.mails import send_mail

HASHER = PasswordHasher()
MIN_PASSWORD = 10
MAX_PASSWORD = 128
MIN_STRENGTH = 3
"""zxcvbn's score a password needs (3: about 10^8 guesses or more)."""
MAX_FAILURES = 5
"""Wrong passwords for one account in `THROTTLE_WINDOW` before it must wait."""
MAX_ADDRESS_FAILURES = 20
"""Wrong passwords from one network address in `THROTTLE_WINDOW` before it must wait."""
THROTTLE_WINDOW = timedelta(minutes=15)


def check_password(password: str, *known: str) -> None:
    """The password policy: 10 to 128 characters, and not easy to guess (common passwords, repeats,
    sequences, the person's own name or e-mail), as zxcvbn estimates it."""
    if len(password) < MIN_PASSWORD:
        raise TailorError("password: use at least {count} characters", count=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise TailorError("password: use at most {count} characters", count=MAX_PASSWORD)
    words = [part for text in known for part in text.replace("@", " ").replace(".", " ").split() if part]
    hints = [*words, *("".join(text.split()) for text in known), *(text.split("@")[0] for text in known)]
    if zxcvbn(password, user_inputs=[*hints, "tailor"])["score"] < MIN_STRENGTH:
        raise TailorError("password: this one is too easy to guess (a common password, a repeat, a sequence or your "
                          "name): use a longer one, or a few unrelated words")  # fmt: skip


def sign_in(*, session: Session, email: str, password: str, address: str) -> Account:
    """The account when the password matches; one message for every failure (no account probing).

    Failures are counted per account and per network address in the database (so the bound holds
    across workers): past `MAX_FAILURES` for the account or `MAX_ADDRESS_FAILURES` for the address
    in `THROTTLE_WINDOW`, even the right password waits (429).
    """
    refused = RefusedError("the e-mail or the password is not right")
    typed = email.strip().lower()[:254]
    with suppress(TailorError):
        typed = normalize_email(email)
    account_key, address_key = keyed_hash("sign-in account", typed), keyed_hash("sign-in address", address)
    if _failures(session, account_hash=account_key) >= MAX_FAILURES or (
        _failures(session, address_hash=address_key) >= MAX_ADDRESS_FAILURES
    ):
        raise TooManyTriesError("too many tries: wait 15 minutes, or ask for a new password by e-mail")
    account = session.exec(select(Account).where(Account.email == typed)).first()
    matched = _verified(account, password[: MAX_PASSWORD + 1])
    session.add(SignInAttempt(account_hash=account_key, address_hash=address_key, succeeded=matched))
    if account is None or not matched:
        session.commit()
        raise refused
    if HASHER.check_needs_rehash(account.password_hash):
        account.password_hash = HASHER.hash(password)
    account.last_sign_in_at = utcnow()
    session.commit()
    session.refresh(account)
    return account


def _verified(account: Account | None, password: str) -> bool:
    if account is None:
        HASHER.hash(password)  # same work either way: timing does not tell which e-mails have accounts
        return False
    try:
        return HASHER.verify(account.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _failures(session: Session, *, account_hash: str | None = None, address_hash: str | None = None) -> int:
    """Failed tries in the window, after the last success of the same account or address."""
    column = col(SignInAttempt.account_hash) if account_hash else col(SignInAttempt.address_hash)
    value = account_hash or address_hash
    since = utcnow() - THROTTLE_WINDOW
    last_success = session.exec(
        select(func.max(SignInAttempt.at)).where(column == value, col(SignInAttempt.succeeded).is_(True))
    ).one()
    if last_success is not None and last_success.tzinfo is None:
        last_success = last_success.replace(tzinfo=UTC)
    start = max(since, last_success) if last_success is not None else since
    query = (
        select(func.count())
        .select_from(SignInAttempt)
        .where(column == value, col(SignInAttempt.succeeded).is_(False), col(SignInAttempt.at) > start)
    )
    return int(session.exec(query).one())


def change_password(*, session: Session, account: Account, current: str, new: str, keep: str | None) -> None:
    """Change the password (the current one must match); every other session of the account ends."""
    if not _verified(account, current[: MAX_PASSWORD + 1]):
        raise RefusedError("current password: it is not right")
    customer = session.get(Customer, account.customer_id)
    check_password(new, account.email, customer.name if customer else "")
    account.password_hash = HASHER.hash(new)
    session.commit()
    end_sessions(session=session, account_id=int(account.id or 0), keep=keep)


def request_reset(*, session: Session, email: str, address: str, locale: str = "en") -> None:
    """E-mail a link to choose a new password, when the address has an account (the same answer either way)."""
    try:
        typed = normalize_email(email)
    except TailorError:
        return
    account = session.exec(select(Account).where(Account.email == typed)).first()
    if account is None or not may_send(session=session, purpose="reset", email=typed, address=address):
        return
    token = issue_token(session=session, purpose="reset", email=typed, address=address, customer_id=account.customer_id)
    send_mail(session=session, kind="reset", to=typed, locale=locale, path=f"/reset/{token}",
              customer_id=account.customer_id)  # fmt: skip
    session.commit()


def reset_password(*, session: Session, token: str, new: str) -> Account:
    """Set a new password from an e-mailed link; every session of the account ends, and sign-in throttling
    for it starts afresh (the link proved who this is)."""
    opened = consume_token(session=session, purpose="reset", token=token)
    account = session.exec(select(Account).where(Account.email == opened.email)).first()
    if account is None:
        session.rollback()
        raise GoneError("this link is not valid any more (it was used, or it is too old): ask for a new one")
    customer = session.get(Customer, account.customer_id)
    try:
        check_password(new, account.email, customer.name if customer else "")
    except TailorError:
        session.rollback()  # the link stays usable for a better password
        raise
    account.password_hash = HASHER.hash(new)
    session.add(
        SignInAttempt(account_hash=keyed_hash("sign-in account", account.email), address_hash="", succeeded=True)
    )
    session.commit()
    end_sessions(session=session, account_id=int(account.id or 0))
    session.refresh(account)
    return account
