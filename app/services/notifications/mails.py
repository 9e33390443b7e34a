"""The e-mails Tailor sends about an account: what each says, in the reader's language.

Each is queued in the outbox in the caller's transaction (the worker delivers it by SMTP).
Links start with the configured `public_url`, never with a request's Host header.
"""

from __future__ import annotations

from sqlmodel import Session

from app.config import get_settings
from app.i18n import say
from app.services.notifications.outbox import queue_message

MAILS = {
    "signup": (
        "Finish creating your Tailor account",
        "Hello {name},\n\nTo finish creating your account, open this link within 24 hours:\n\n{link}\n\n"
        "If you did not ask for an account, ignore this e-mail: nothing happens without the link.",
    ),
    "signup_exists": (
        "Someone tried to create a Tailor account with your e-mail",
        "Hello,\n\nSomeone (perhaps you) tried to create an account with this e-mail, which already has one. "
        "Sign in here:\n\n{link}\n\nForgot your password? Ask for a new one on the sign-in page. "
        "If it was not you, ignore this e-mail: your account is unchanged.",
    ),
    "recognise": (
        "Let the shop fill in what it knows about you",
        "Hello {name},\n\nOpen this link within 30 minutes, on the device where you asked, and the shop will fill "
        "in what you allowed us to use:\n\n{link}\n\nIf you did not ask for this, ignore this e-mail.",
    ),
    "reset": (
        "Choose a new Tailor password",
        "Hello,\n\nTo choose a new password, open this link within an hour:\n\n{link}\n\n"
        "If you did not ask for this, ignore this e-mail: your password is unchanged.",
    ),
}
"""Per kind, the subject and the text (message ids: each is said in the reader's language)."""


def link_to(path: str) -> str:
    """The absolute address of a page of this instance (for e-mails)."""
    return get_settings().public_url.rstrip("/") + path


def send_mail(
    *, session: Session, kind: str, to: str, locale: str, path: str, name: str = "", customer_id: int | None = None
) -> None:
    """Queue the e-mail `kind` to `to`, with a link to `path` (in the caller's transaction)."""
    subject, text = MAILS[kind]
    body = say(locale, text, name=name or to, link=link_to(path))
    queue_message(session=session, to=to, subject=say(locale, subject), text=body, kind=kind, locale=locale,
                  customer_id=customer_id)  # fmt: skip
