"""Composing an e-mail: the headers every mail carries, text with an HTML alternative, nothing that splits a header."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.mail.compose import check_address, compose, message_id

WHEN = datetime(2026, 12, 4, 10, 30, tzinfo=UTC)


def test_a_message_has_its_headers_its_text_and_its_html_alternative() -> None:
    email = compose(
        sender="Tailor <no-reply@tailor.localhost>",
        to="ana@example.com",
        subject="Confirma tu correo",
        text="Abre el enlace",
        html="<p>Abre el enlace</p>",
        locale="es",
        date=WHEN,
        key="outbox-7",
    )
    assert email["From"] == "Tailor <no-reply@tailor.localhost>"
    assert email["To"] == "ana@example.com"
    assert email["Subject"] == "Confirma tu correo"
    assert email["Date"] == "Fri, 04 Dec 2026 10:30:00 +0000"
    assert email["Message-ID"] == "<outbox-7@tailor.localhost>"
    assert email["Content-Language"] == "es"
    assert email["Auto-Submitted"] == "auto-generated"
    assert email.get_content_type() == "multipart/alternative"
    assert email.get_body(("plain",)).get_content() == "Abre el enlace\n"  # type: ignore[union-attr]
    assert email.get_body(("html",)).get_content() == "<p>Abre el enlace</p>\n"  # type: ignore[union-attr]


def test_a_text_only_message_is_plain_text() -> None:
    email = compose(sender="a@b.example", to="ana@example.com", subject="Hi", text="Hello", date=WHEN, key="k")
    assert email.get_content_type() == "text/plain"
    assert email.get_content() == "Hello\n"


def test_the_message_id_is_on_the_senders_domain_and_the_same_for_one_key() -> None:
    assert message_id(sender="Shop <shop@mail.example>", key="outbox-1") == "<outbox-1@mail.example>"
    assert message_id(sender="nobody", key="x") == "<x@localhost>"


@pytest.mark.parametrize(
    "address", ["ana@example.com\nBcc: all@example.com", "Ana <ana@example.com>", "a@example.com, b@example.com", "ana"]
)
def test_only_one_bare_address_is_taken(address: str) -> None:
    with pytest.raises(ValueError, match="not a single e-mail address"):
        check_address(address)


def test_a_subject_with_a_line_break_is_refused() -> None:
    with pytest.raises(ValueError, match="line breaks"):
        compose(sender="a@b.example", to="ana@example.com", subject="Hi\r\nBcc: x@y.z", text="", date=WHEN, key="k")


def test_attachments_follow_the_text_as_files() -> None:
    email = compose(sender="a@b.example", to="ana@example.com", subject="Quote", text="Attached", locale="pt",
                    date=WHEN, key="k", attachments=[("quote-7-r1.pdf", "application/pdf", b"%PDF-1.7 x")])  # fmt: skip
    assert email.get_content_type() == "multipart/mixed"
    assert email["Content-Language"] == "pt"
    assert email.get_body(("plain",)).get_content() == "Attached\n"  # type: ignore[union-attr]
    [part] = list(email.iter_attachments())
    assert part.get_filename() == "quote-7-r1.pdf"
    assert part.get_content_type() == "application/pdf"
    assert part.get_content() == b"%PDF-1.7 x"
