"""SMTP failures: which ones end a message's tries, and what is recorded about them (never the server's words)."""

from __future__ import annotations

import smtplib

import pytest

from app.config import Settings
from app.mail.smtp import describe, refused_for_good, smtp_connection
from tests.mailbox import free_port, smtp_server


@pytest.mark.parametrize(
    ("error", "for_good", "said"),
    [
        (smtplib.SMTPRecipientsRefused({"ana@example.com": (550, b"no such user ana@example.com")}), True,
         "SMTPRecipientsRefused 550"),
        (smtplib.SMTPRecipientsRefused({"ana@example.com": (450, b"busy")}), False, "SMTPRecipientsRefused 450"),
        (smtplib.SMTPDataError(554, b"rejected: spam from ana@example.com"), True, "SMTPDataError 554"),
        (smtplib.SMTPDataError(451, b"try later"), False, "SMTPDataError 451"),
        (smtplib.SMTPSenderRefused(550, b"sender not allowed", "no-reply@x.example"), False, "SMTPSenderRefused 550"),
        (smtplib.SMTPAuthenticationError(535, b"bad password"), False, "SMTPAuthenticationError 535"),
        (ConnectionRefusedError(111, "Connection refused"), False, "ConnectionRefusedError: Connection refused"),
        (TimeoutError(), False, "TimeoutError"),
    ],
)  # fmt: skip
def test_failures_are_told_apart_in_a_few_words(error: Exception, for_good: bool, said: str) -> None:
    assert refused_for_good(error) is for_good
    assert describe(error) == said
    assert "ana@example.com" not in describe(error)


def test_a_connection_is_made_to_the_configured_server() -> None:
    with smtp_server() as inbox, smtp_connection(Settings(smtp_port=inbox.port)) as smtp:
        assert smtp.noop()[0] == 250


def test_no_server_is_a_refused_connection() -> None:
    with pytest.raises(ConnectionRefusedError), smtp_connection(Settings(smtp_port=free_port())):
        pass
