"""Sign-up: accounts that join a customer's record only once the customer proves control of the
e-mail address.

Sign-up e-mails a single-use link; opening it makes the account and joins it to the customer
who holds the address, so someone who already bought in a shop or on the phone gets their own
history on their new account, and nobody else can.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.errors import ConflictError, GoneError, TailorError
from app.identity.normalize import normalize_email
from app.models import Account
from app.services.accounts.email_links import consume_token, issue_token, may_send
from app.services.accounts.passwords import HASHER, check_password
from app.services.customers.consent import record_consent
from app.services.customers.records import Key, identify
from app.services.notifications.mails import send_mail

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
