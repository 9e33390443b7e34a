"""Catalog parts as form values and back: what the workspace's editors show and what they post.

A form value is text; reading one back gives the part (a JSON-able dict for the document) and the
problems found in the text itself (a price that is no number), each on its field, as message
templates with values so a page can say them in its language. Everything else (negative prices,
duplicate ids, unknown options) is the loader's to find once the part is in the document.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

LANGUAGES = ("en", "es", "pt")
"""The languages every label and message is edited in."""
MAX_TEXT = 2000
"""Longest text a field takes."""


@dataclass(frozen=True)
class FieldProblem:
    """Something wrong in one field (`field` None: in no field of the form, then `path` may say
    where in the document it is)."""

    field: str | None
    template: str
    values: dict[str, object] = dataclasses.field(default_factory=dict)
    path: str | None = None

    @property
    def english(self) -> str:
        """The problem in English (its template filled in)."""
        return self.template.format(**self.values) if self.values else self.template


class Reader:
    """Reads one posted form, gathering problems as it goes."""

    def __init__(self, values: Mapping[str, str], precision: int = 2) -> None:
        self.values = values
        self.precision = precision
        self.problems: list[FieldProblem] = []

    def text(self, name: str) -> str:
        """The field's text, trimmed (a too long one is a problem)."""
        value = str(self.values.get(name) or "").strip()
        if len(value) > MAX_TEXT:
            self.problems.append(FieldProblem(name, "at most {count} characters", {"count": MAX_TEXT}))
            return value[:MAX_TEXT]
        return value

    def required(self, name: str) -> str:
        """The field's text; empty is a problem."""
        value = self.text(name)
        if not value:
            self.problems.append(FieldProblem(name, "this field is required"))
        return value

    def number(self, name: str) -> Decimal | None:
        """A decimal number (comma or point); None when empty or not a number (a problem)."""
        value = self.text(name).replace(",", ".")
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.problems.append(FieldProblem(name, "'{value}' is not a number", {"value": value[:40]}))
            return None
        return number

    def whole(self, name: str) -> int | None:
        """A whole number; None when empty or not whole (a problem)."""
        number = self.number(name)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.problems.append(FieldProblem(name, "give a whole number"))
            return None
        return int(number)

    def money(self, name: str) -> int | None:
        """An amount in major units (12.50) as minor units (1250); None when empty or bad (a problem): amounts in
        a catalog are never negative, and saying so here speaks the units the manager typed (not minor units)."""
        number = self.number(name)
        if number is None:
            return None
        if number < 0:
            self.problems.append(FieldProblem(name, "give an amount of 0 or more"))
            return None
        minor = number.scaleb(self.precision)
        if minor != minor.to_integral_value():
            self.problems.append(FieldProblem(name, "at most {count} decimals", {"count": self.precision}))
            return None
        return int(minor)

    def texts(self, prefix: str) -> dict[str, str] | None:
        """A translated text from `prefix_en`, `prefix_es`, `prefix_pt` (None when all are empty)."""
        found = {code: self.text(f"{prefix}_{code}") for code in LANGUAGES}
        kept = {code: text for code, text in found.items() if text}
        return kept or None

    def words(self, name: str) -> list[str]:
        """A comma-separated list of ids."""
        return [word.strip() for word in self.text(name).split(",") if word.strip()]

    def pairs(self, name: str) -> dict[str, Any]:
        """`name=number, name=number` as a mapping (a bad pair is a problem)."""
        found: dict[str, Any] = {}
        for pair in self.words(name):
            key, _, value = pair.partition("=")
            try:
                found[key.strip()] = number_json(Decimal(value.strip().replace(" ", "")))
            except InvalidOperation:
                self.problems.append(FieldProblem(name, "write name=number, separated by commas"))
        return found


def number_json(number: Decimal) -> int | float | str:
    """A decimal as the document writes numbers: whole numbers as integers, else as text."""
    if number == number.to_integral_value():
        return int(number)
    close = float(number)
    return close if Decimal(str(close)) == number else str(number.normalize())


def text_values(prefix: str, text: Any) -> dict[str, str]:
    """A translated text as form values (`label_en`...); a plain string goes in English."""
    if isinstance(text, str):
        text = {"en": text}
    text = text or {}
    return {f"{prefix}_{code}": str(text.get(code, "")) for code in LANGUAGES}


def money_text(minor: Any, precision: int = 2) -> str:
    """Minor units (1250) as the form writes them (12.50); '' for none."""
    if minor is None or minor == "":
        return ""
    return f"{Decimal(int(minor)).scaleb(-precision):.{precision}f}"


def pairs_text(mapping: Mapping[str, Any] | None) -> str:
    """A mapping as `name=value, name=value`."""
    return ", ".join(f"{key}={value}" for key, value in (mapping or {}).items())


def set_optional(part: dict[str, Any], key: str, value: Any) -> None:
    """Set `key` when the value is given, drop it when it is empty."""
    if value is None or value == "" or value == [] or value == {}:
        part.pop(key, None)
    else:
        part[key] = value


def option_values(option: Mapping[str, Any], precision: int = 2) -> dict[str, str]:
    """An option as its editor's form values."""
    service, payment = option.get("service") or {}, option.get("payment") or {}
    return {"id": str(option.get("id", "")), **text_values("label", option.get("label")),
            **text_values("description", option.get("description")),
            "none": "on" if option.get("none") else "", "price": money_text(option.get("price"), precision),
            "cost": money_text(option.get("cost"), precision), "properties": pairs_text(option.get("properties")),
            "valid_from": str(option.get("valid_from") or ""), "valid_to": str(option.get("valid_to") or ""),
            "service_annual_fee": money_text(service.get("annual_fee"), precision),
            "service_annual_cost": money_text(service.get("annual_cost"), precision),
            "service_response_hours": str(service.get("response_hours", "")),
            "payment_instalments": str(payment.get("instalments", "")), "payment_apr": str(payment.get("apr", "")),
            "payment_fee": money_text(payment.get("fee"), precision),
            "payment_down_payment_percent": str(payment.get("down_payment_percent", ""))}  # fmt: skip


OPTION_FIELDS = set(option_values({}))


def option_of(
    values: Mapping[str, str], old: Mapping[str, Any], precision: int = 2
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The option a posted editor describes (fields the form does not show are kept from `old`)."""
    read = Reader(values, precision)
    part = dict(old)
    part["id"] = read.required("id")
    for key, value in (("label", read.texts("label")), ("description", read.texts("description")),
                       ("none", True if values.get("none") else None), ("price", read.money("price")),
                       ("cost", read.money("cost")), ("properties", read.pairs("properties")),
                       ("valid_from", read.text("valid_from")), ("valid_to", read.text("valid_to"))):  # fmt: skip
        set_optional(part, key, value)
    service = {"annual_fee": read.money("service_annual_fee"), "annual_cost": read.money("service_annual_cost"),
               "response_hours": read.whole("service_response_hours")}  # fmt: skip
    set_optional(part, "service", {k: v for k, v in service.items() if v is not None})
    apr, down = read.number("payment_apr"), read.number("payment_down_payment_percent")
    payment = {"instalments": read.whole("payment_instalments"), "fee": read.money("payment_fee"),
               "apr": None if apr is None else number_json(apr),
               "down_payment_percent": None if down is None else number_json(down)}  # fmt: skip
    set_optional(part, "payment", {k: v for k, v in payment.items() if v is not None})
    return part, read.problems
