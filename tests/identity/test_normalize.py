"""Canonical e-mail, phone, name and postcode; invalid identifiers rejected with the value and the reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import TailorError
from app.identity.normalize import (
    IdentifierError,
    normalize_email,
    normalize_name,
    normalize_phone,
    normalize_postcode,
)
from app.web.errors import status_of


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("  Ana.Ruiz@Example.COM ", "ana.ruiz@example.com"),
        ("ana+tienda@correo.es", "ana+tienda@correo.es"),
        ("o'neil@sub.example.co.uk", "o'neil@sub.example.co.uk"),
        ("pepe@Peña.es", "pepe@xn--pea-8ma.es"),
    ],
)
def test_normalize_email(text: str, email: str) -> None:
    assert normalize_email(text) == email


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ana.example.com", "it has no @"),
        ("@example.com", "nothing before or after the @"),
        ("ana@", "nothing before or after the @"),
        ("ana@localhost", "not a full domain"),
        ("ana..ruiz@example.com", "not a valid mailbox name"),
        (".ana@example.com", "not a valid mailbox name"),
        ("ana ruiz@example.com", "not a valid mailbox name"),
        ("ana@exa_mple.com", "not a valid domain"),
        ("ana@-example.com", "not a valid domain"),
        ("ana@example.c0m", "not a valid domain"),
        ("ana@example..com", "not a valid domain"),
        ("", "it has no @"),
    ],
)
def test_invalid_email_names_value_and_reason(text: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason) as raised:
        normalize_email(text)
    assert repr(text) in str(raised.value)


def test_identifier_error_is_a_value_error_with_status_422() -> None:
    with pytest.raises(ValueError, match="e-mail") as raised:
        normalize_email("nobody")
    assert isinstance(raised.value, TailorError)
    assert status_of(raised.value) == 422


@pytest.mark.parametrize(
    ("text", "region", "phone"),
    [
        ("612 34 56 78", "ES", "+34612345678"),
        ("+34 912 345 678", "ES", "+34912345678"),
        ("0034 612-34-56-78", "ES", "+34612345678"),
        ("(650) 253-0000", "US", "+16502530000"),
        ("+44 20 7946 0958", "ES", "+442079460958"),
    ],
)
def test_normalize_phone_to_e164(text: str, region: str, phone: str) -> None:
    assert normalize_phone(text, region) == phone


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not a phone number"),
        ("llámame", "not a phone number"),
        ("12", "too short"),
        ("6123456789012345678", "too long"),
        ("+999 123 456 789", "no valid country code"),
        ("412 345 678", "no ES number has this form"),
        ("+1 555 555 5555", "no US number has this form"),
    ],
)
def test_invalid_phone_says_why(text: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason) as raised:
        normalize_phone(text)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("  José   MARÍA Núñez ", "jose maria nunez"),
        ("Ángela\tGüell\n", "angela guell"),
        ("STRASSE Straße", "strasse strasse"),
        ("Çelik", "celik"),
        ("   ", ""),
    ],
)
def test_normalize_name(text: str, name: str) -> None:
    assert normalize_name(text) == name


@given(st.text())
def test_normalize_name_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(st.text())
def test_normalize_email_is_idempotent_on_what_it_accepts(text: str) -> None:
    try:
        once = normalize_email(text)
    except IdentifierError:
        return
    assert normalize_email(once) == once


@pytest.mark.parametrize(
    ("text", "region", "postcode"),
    [
        (" sw1a  1aa ", None, "SW1A 1AA"),
        ("2000", None, "2000"),
        ("28013", "ES", "28013"),
        ("8001", "ES", "08001"),
        (" 08 001 ", "ES", "08001"),
    ],
)
def test_normalize_postcode(text: str, region: str | None, postcode: str) -> None:
    assert normalize_postcode(text, region) == postcode


@pytest.mark.parametrize(
    ("text", "region"), [("  ", None), ("99001", "ES"), ("00123", "ES"), ("0123", "ES"), ("E-28013", "ES")]
)
def test_invalid_postcode(text: str, region: str | None) -> None:
    with pytest.raises(IdentifierError, match="postcode"):
        normalize_postcode(text, region)
