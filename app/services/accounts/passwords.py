"""Sign-up, sign-in and passwords: argon2 hashes, a password policy, throttled sign-in, and accounts
that join a customer's record only once the customer proves control of the e-mail address.

Sign-up e-mails a single-use link; opening it makes the account and joins it to the customer
who holds the address, so someone who already bought in a shop or on the phone gets their own
history on their new account, and nobody else can.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select
from zxcvbn import zxcvbn

from app.errors import ConflictError, GoneError, NotFoundError, RefusedError, TailorError, TooManyTriesError
from app.identity.normalize import normalize_email
from app.keys import keyed_hash
from app.models import Account, Customer, SignInAttempt
from app.models.accounts import ROLES as ROLES
from app.models.base import utcnow
from app.services.accounts.email_links import consume_token, issue_token, may_send
from app.services.accounts.web_sessions import end_sessions
from app.services.customers.consent import record_consent
from app.services.customers.records import Key, identify, resolve
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
CONSENT_WORDS = {
    "personalisation": "Use what I tell you and what I buy to suggest choices that fit me and to fill them in for me.",
    "marketing": "Send me offers by e-mail. I can stop them at any time on the 'my data' page.",
    "new_products": "Tell me by e-mail when there is a new product I may like.",
}
"""The plain words shown next to each box at sign-up and on "my data" (kept as evidence)."""
CONSENT_CHANNEL = {"personalisation": "any", "marketing": "email", "new_products": "email"}


NAME_LENGTH = 200


def request_sign_up(
    *,
    session: Session,
    name: str,
    email: str,
    password: str,
    consents: set[str],
    address: str,
    locale: str = "en",
    words: Mapping[str, str] = CONSENT_WORDS,
) -> str:
    """Check the form and e-mail a link that finishes the sign-up; returns the normalised address.

    The answer is the same whether or not the address has an account or a customer record (nobody
    learns who is a customer): a new address gets the link, an address with an account gets a note
    saying so. `words` are the sentences the person read next to each box, kept as evidence.
    """
    if not name.strip():
        raise TailorError("name: tell us your name")
    if len(name) > NAME_LENGTH:
        raise TailorError("name: at most {count} characters", count=NAME_LENGTH)
    address_typed = normalize_email(email)
    check_password(password, name, address_typed)
    unknown = consents - set(CONSENT_WORDS)
    if unknown:
        raise TailorError("unknown consent {names}", names=", ".join(sorted(unknown)))
    if not may_send(session=session, purpose="signup", email=address_typed, address=address):
        return address_typed  # same answer; the bound keeps a mailbox from being flooded
    if session.exec(select(Account).where(Account.email == address_typed)).first() is not None:
        issue_token(session=session, purpose="signup", email=address_typed, address=address)  # counts the send
        send_mail(session=session, kind="signup_exists", to=address_typed, locale=locale, path="/signin")
    else:
        shown = {purpose: words.get(purpose, CONSENT_WORDS[purpose]) for purpose in sorted(consents)}
        payload = {"name": name.strip(), "password_hash": HASHER.hash(password), "locale": locale, "consents": shown}
        token = issue_token(session=session, purpose="signup", email=address_typed, address=address, payload=payload)
        send_mail(session=session, kind="signup", to=address_typed, locale=locale, path=f"/signup/confirm/{token}",
                  name=name.strip())  # fmt: skip
    session.commit()
    return address_typed


@dataclass(frozen=True)
class SignedUp:
    """The new account, and whether the customer was already known (their history is now theirs)."""

    account: Account
    recognised: bool


def confirm_sign_up(*, session: Session, token: str, where: str = "sign-up page") -> SignedUp:
    """Finish a sign-up from its e-mailed link: the account, joined to the customer who holds the address.

    Opening the link proves control of the address, so the account may join that customer's record
    (their shop and phone history become theirs to see); otherwise a new customer is made.
    """
    opened = consume_token(session=session, purpose="signup", token=token)
    if "password_hash" not in opened.payload:
        raise GoneError("this link is not valid any more (it was used, or it is too old): ask for a new one")
    if session.exec(select(Account).where(Account.email == opened.email)).first() is not None:
        session.rollback()
        raise ConflictError("this e-mail already has an account: sign in instead")
    payload = opened.payload
    found = identify(session=session, keys=[Key("email", opened.email)], source="web", name=str(payload["name"]))
    customer_id = int(found.customer.id or 0)
    account = Account(customer_id=customer_id, email=opened.email, password_hash=str(payload["password_hash"]))
    session.add(account)
    try:
        session.flush()
    except IntegrityError as error:
        session.rollback()
        raise ConflictError("this e-mail already has an account: sign in instead") from error
    for purpose, text_shown in dict(payload.get("consents", {})).items():
        record_consent(session=session, customer_id=customer_id, channel=CONSENT_CHANNEL[purpose], purpose=purpose,
                       granted=True, where=where, text_shown=str(text_shown))  # fmt: skip
    session.commit()
    session.refresh(account)
    return SignedUp(account, not found.created)


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


def accounts_list(*, session: Session) -> list[tuple[Account, Customer]]:
    """Every account with its customer, reps and admins first, then by e-mail."""
    rows = session.exec(select(Account, Customer).where(Account.customer_id == Customer.id)).all()
    order = {"admin": 0, "rep": 1}
    return sorted(((a, c) for a, c in rows), key=lambda pair: (order.get(pair[0].role, 2), pair[0].email))
