"""Canonical forms of customer identifiers (e-mail, phone) and of names and postcodes.

Two spellings of one identifier normalise to the same text, so the customer knowledge base can find a
customer by identifier before it creates one. Text that is not a valid e-mail address, phone number
or postcode raises `IdentifierError`, naming the value and the reason. Any text is a name: it
normalises (possibly to "") for comparison, not for lookup.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, ValidationResult

from app.errors import TailorError

LOCAL_PART = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
"""The dot-atom form of RFC 5322 (quoted local parts are not accepted)."""
DOMAIN_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
TOP_LEVEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
SPANISH_POSTCODE = re.compile(r"(0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}")
"""Five digits, the first two a province code 01-52."""

PHONE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "it has no valid country code",
    NumberParseException.NOT_A_NUMBER: "it is not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "it is too short after the international prefix",
    NumberParseException.TOO_SHORT_NSN: "it is too short",
    NumberParseException.TOO_LONG: "it is too long",
}
POSSIBLE_REASONS = {
    ValidationResult.INVALID_COUNTRY_CODE: "it has no valid country code",
    ValidationResult.TOO_SHORT: "it is too short",
    ValidationResult.INVALID_LENGTH: "it has the wrong number of digits",
    ValidationResult.TOO_LONG: "it is too long",
}


class IdentifierError(TailorError, ValueError):
    """Text that is not a valid identifier; `message` names the value and says why (HTTP 422)."""


def normalize_email(text: str) -> str:
    """`'  Ana.Ruiz@Example.COM '` -> `'ana.ruiz@example.com'`; IdentifierError if it is not an address.

    The whole address is lower-cased (mail providers treat the local part case-insensitively in
    practice); an internationalised domain is written in its ASCII (punycode) form.
    """
    address = text.strip().lower()
    local, at, domain = address.rpartition("@")
    reason = None
    if not at:
        reason = "it has no @"
    elif not local or not domain:
        reason = "it has nothing before or after the @"
    elif len(local) > 64 or not LOCAL_PART.fullmatch(local):
        reason = f"{local!r} before the @ is not a valid mailbox name"
    else:
        domain, reason = ascii_domain(domain)
    if reason:
        raise IdentifierError("{text!r} is not an e-mail address: {reason}", text=text, reason=reason)
    return f"{local}@{domain}"


def ascii_domain(domain: str) -> tuple[str, str | None]:
    """The domain in ASCII and None, or the domain as given and why it is not valid."""
    try:
        encoded = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain, f"{domain!r} is not a valid domain"
    labels = encoded.split(".")
    if len(labels) < 2 or len(encoded) > 253:
        return domain, f"{domain!r} is not a full domain (like example.com)"
    if not all(DOMAIN_LABEL.fullmatch(label) for label in labels) or not TOP_LEVEL.fullmatch(labels[-1]):
        return domain, f"{domain!r} is not a valid domain"
    return encoded, None


def normalize_phone(text: str, region: str = "ES") -> str:
    """`'612 34 56 78'` -> `'+34612345678'` (E.164); a number without +country is read as from `region`.

    IdentifierError if the text is not a phone number or not a valid number of its country.
    """
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as error:
        reason = PHONE_REASONS.get(error.error_type, str(error))
        raise IdentifierError("{text!r} is not a phone number: {reason}", text=text, reason=reason) from error
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible in POSSIBLE_REASONS:
        raise IdentifierError("{text!r} is not a phone number: {reason}", text=text, reason=POSSIBLE_REASONS[possible])
    if not phonenumbers.is_valid_number(number):
        country = phonenumbers.region_code_for_country_code(number.country_code or 0)
        raise IdentifierError(
            "{text!r} is not a phone number: no {country} number has this form", text=text, country=country
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_name(text: str) -> str:
    """`'  José   MARÍA Núñez '` -> `'jose maria nunez'`: accents stripped, case folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def normalize_postcode(text: str, region: str | None = None) -> str:
    """`' sw1a  1aa '` -> `'SW1A 1AA'`; with `region='ES'`, `'8001'` -> `'08001'` and a check of the form.

    Without a region only case and spaces are normalised. IdentifierError for an empty postcode, or,
    in Spain, for anything but five digits starting with a province code (a lost leading zero is restored).
    """
    postcode = " ".join(text.upper().split())
    if not postcode:
        raise IdentifierError("{text!r} is not a postcode: it is empty", text=text)
    if region == "ES":
        digits = postcode.replace(" ", "")
        digits = digits.zfill(5) if len(digits) == 4 and digits.isdigit() else digits
        if not SPANISH_POSTCODE.fullmatch(digits):
            raise IdentifierError(
                "{text!r} is not a Spanish postcode: it must be five digits starting 01-52", text=text
            )
        return digits
    return postcode
