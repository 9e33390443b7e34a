"""The development mail sink keeps each message as it came, in an .eml file, and says who it is for and where."""

from __future__ import annotations

import smtplib
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

from app.mail.sink import SaveToFolder, listening
from tests.mailbox import free_port


def test_each_message_is_saved_and_announced(tmp_path: Path) -> None:
    said: list[str] = []
    port = free_port()
    controller = Controller(SaveToFolder(tmp_path / "mail", said.append), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert listening("127.0.0.1", port)
        for number in (1, 2):
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = "a@shop.example", "ana@example.com", f"Link {number}"
            message.set_content("Open https://tailor.example/verify/abc")
            with smtplib.SMTP("127.0.0.1", port) as smtp:
                smtp.send_message(message)
    finally:
        controller.stop()
    saved = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(saved) == 2
    subjects = {message_from_bytes(path.read_bytes(), policy=policy.default)["Subject"] for path in saved}
    assert subjects == {"Link 1", "Link 2"}
    assert sorted(said) == sorted(f"mail to ana@example.com: {path}" for path in saved)
    assert not listening("127.0.0.1", port)
