"""What every answer goes through: security headers (CSP without inline script, no framing, no
sniffing, no referrer to other sites, no caching of personal pages), a bound on request bodies, and
access logs that never hold a private link (on SQLite and PostgreSQL)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.web.logs import RedactPrivatePaths, install_redaction, redact
from tests.web.accounts import account

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_pages_carry_the_security_headers(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    for url in ("/", "/configure/jeans/jeans", "/signin", "/saved", "/no-such-page", "/api/catalogs"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store", url
    assert "no-store" not in client.get("/static/css/tailor.css").headers.get("cache-control", "")
    docs = client.get("/api/docs")
    assert "<script>" not in docs.text, "the API docs start Swagger UI from a file"


def test_personal_pages_are_never_cached(app_on: FastAPI, db: Engine) -> None:
    client = account(app_on, db, "ana@example.com", "customer")
    assert client.get("/me").headers["cache-control"] == "no-store"
    assert client.get("/me/export").headers["cache-control"] == "no-store"


def test_no_template_has_inline_script_or_style() -> None:
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source), template.name
        assert not re.search(r"\son[a-z]+=", source), f"{template.name}: an inline event handler"
        assert not re.search(r'\sstyle="', source), f"{template.name}: an inline style"


def test_request_bodies_are_bounded(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    huge = client.post("/signin", content=b"a=" + b"x" * 2_000_000,
                       headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert huge.status_code == 413


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/saved/Zx8_secret-code?lang=es", "/saved/[private]?lang=es"),
        ("/shared/abc123", "/shared/[private]"),
        ("/orders/42/0123456789abcdef01234567", "/orders/42/[private]"),
        ("/signup/confirm/tok_EN-123", "/signup/confirm/[private]"),
        ("/recognise/tok_EN-123?next=%2Fconfigure", "/recognise/[private]?next=%2Fconfigure"),
        ("/reset/tok_EN-123", "/reset/[private]"),
        ("/quotes/Qx8_tok-EN123/accept", "/quotes/[private]/accept"),
        ("/reps/quotes/12/pdf", "/reps/quotes/12/pdf"),
        ("/recognise/forget", "/recognise/forget"),
        ("/configure/jeans/jeans?fit=classic", "/configure/jeans/jeans?fit=classic"),
    ],
)
def test_private_parts_of_addresses_are_redacted(path: str, shown: str) -> None:
    assert redact(path) == shown


def test_the_access_log_never_holds_a_private_link(caplog: pytest.LogCaptureFixture) -> None:
    install_redaction()
    logger = logging.getLogger("uvicorn.access")
    assert any(isinstance(f, RedactPrivatePaths) for f in logger.filters)
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        logger.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/saved/SeCrEt123", "1.1", 200)
    assert "SeCrEt123" not in caplog.text
    assert "/saved/[private]" in caplog.text
