"""Composing an e-mail: plain text with an optional HTML alternative, and the headers every mail carries."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

Attachment = tuple[str, str, bytes]
"""A file sent with an e-mail: its name, its content type ("application/pdf") and its bytes."""

ADDRESS = re.compile(r"[^@\s<>,;:\"()\[\]\\]+@[^@\s<>,;:\"()\[\]\\]+\.[^@\s<>,;:\"()\[\]\\]+")
"""One bare address (`local@domain.tld`): no display name, no list, nothing a header could be split on."""


def check_address(address: str) -> str:
    """`address` when it is one bare e-mail address; ValueError otherwise."""
    if not ADDRESS.fullmatch(address):
        raise ValueError("not a single e-mail address")
    return address


def check_header(value: str) -> str:
    """`value` when it fits on one header line (no line breaks); ValueError otherwise."""
    if "\r" in value or "\n" in value:
        raise ValueError("a header may not contain line breaks")
    return value


def message_id(*, sender: str, key: str) -> str:
    """A Message-ID on the sender's domain for `key`: every try of one message carries the same one."""
    _, at, domain = parseaddr(sender)[1].rpartition("@")
    return f"<{key}@{domain if at and domain else 'localhost'}>"


def compose(
    *,
    sender: str,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    locale: str = "en",
    date: datetime,
    key: str,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    """The e-mail: text (and HTML as its alternative), with From, To, Subject, Date and Message-ID, and
    `attachments` as (filename, content type, bytes)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = check_address(to)
    message["Subject"] = check_header(subject)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id(sender=sender, key=key)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a machine
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, content_type, content in attachments:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=check_header(filename))
    message["Content-Language"] = check_header(locale)  # after the body: making it multipart moves Content-*
    return message
