"""The engine's answers, in catalog terms (attribute and option ids, rule messages), ready for JSON."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.catalog.evaluate import Choices

Value = str | Decimal
"""A valid value: an option id, or a number of a numeric attribute."""


def json_choice(choice: object) -> Any:
    """A choice as JSON: numbers as JSON numbers (integers when whole), option ids as they are."""
    if isinstance(choice, Decimal):
        return int(choice) if choice == choice.to_integral_value() else float(choice)
    if isinstance(choice, list):
        return [json_choice(item) for item in choice]
    return choice


def json_choices(choices: Choices) -> dict[str, Any]:
    """Every choice as JSON."""
    return {attribute: json_choice(choice) for attribute, choice in choices.items()}


@dataclass(frozen=True)
class Reason:
    """Why an option is not valid: a rule (None for a catalog structure fact), its message, the choices used."""

    rule: str | None
    message: str
    choices: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {"rule": self.rule, "message": self.message, "choices": list(self.choices)}


@dataclass(frozen=True)
class RuleRef:
    """A rule taking part in a conflict or broken by a configuration."""

    rule: str | None
    message: str

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {"rule": self.rule, "message": self.message}


@dataclass(frozen=True)
class Conflict:
    """A minimal set of choices (attribute ids; `context:KEY` for the customer context) and rules."""

    choices: tuple[str, ...]
    rules: tuple[RuleRef, ...]

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {"choices": list(self.choices), "rules": [rule.to_json() for rule in self.rules]}


@dataclass(frozen=True)
class Repair:
    """Earlier choices to change (attribute -> new choice), and the selection after the change."""

    changes: Choices
    selection: Choices
    price_difference: int
    """List price after the change minus before, in minor units (the repaired parts only)."""

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "changes": json_choices(self.changes),
            "selection": json_choices(self.selection),
            "size": len(self.changes),
            "price_difference": self.price_difference,
        }


@dataclass
class Options:
    """The answer behind one click: valid options, reasons, count, and the conflict when there is one."""

    valid: dict[str, list[Value]]
    excluded: dict[str, dict[str, list[Reason]]]
    count: int | None
    count_exact: bool = True
    conflict: Conflict | None = None
    repairs: list[Repair] = field(default_factory=list)
    method: str = "diagram"
    narrowed: list[str] = field(default_factory=list)
    """What a limit left out, and which one: a work budget (the same on any machine) or the time
    limit ("cut short by the 5 s time limit"); empty for a full answer. Reasons a work budget
    left as "excluded by a combination of rules" are not listed: `Engine.why` explains any one."""
    without: str | None = None
    """With a conflict: the clashing pick; valid options are shown for the choices before it."""

    def to_json(self) -> dict[str, Any]:
        """As JSON: the CLI contract of `tailor configure --json`."""
        data: dict[str, Any] = {
            "valid": {attribute: [json_choice(v) for v in values] for attribute, values in self.valid.items()},
            "excluded": {
                attribute: {option: [reason.message for reason in reasons] for option, reasons in options.items()}
                for attribute, options in self.excluded.items()
            },
            "reasons": {
                attribute: {option: [reason.to_json() for reason in reasons] for option, reasons in options.items()}
                for attribute, options in self.excluded.items()
            },
            "count": self.count,
            "count_exact": self.count_exact,
            "method": self.method,
        }
        if self.conflict is not None:
            data["conflict"] = self.conflict.to_json()
            data["repairs"] = [repair.to_json() for repair in self.repairs]
            data["options_without"] = self.without
        if self.narrowed:
            data["narrowed"] = self.narrowed
        return data


@dataclass(frozen=True)
class Validation:
    """A full configuration checked: valid, or the rules it breaks and the attributes left out."""

    valid: bool
    broken: tuple[RuleRef, ...]
    missing: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "valid": self.valid,
            "broken": [rule.to_json() for rule in self.broken],
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class Count:
    """An exact count, or (when `exact` is False) a lower bound, with `narrowed` saying which limit ended it."""

    count: int
    exact: bool = True
    narrowed: str | None = None

    def to_json(self) -> dict[str, Any]:
        """As JSON: `{"count": N}`, with `"exact": false`, `"at_least"` and `"narrowed"` when it is a lower bound."""
        if self.exact:
            return {"count": self.count}
        return {"count": None, "at_least": self.count, "exact": False, "narrowed": [self.narrowed or "count: too hard"]}


@dataclass(frozen=True)
class Offer:
    """One completed configuration: its choices, list price, total after price rules, margin, fit."""

    choices: Choices
    list_price: int
    total: int
    margin: int
    fit: int
    optimal: bool
    differs: tuple[str, ...]
    """Attributes whose choice differs from the best offer (empty for the best one)."""

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "choices": json_choices(self.choices),
            "list_price": self.list_price,
            "total": self.total,
            "margin": self.margin,
            "fit": self.fit,
            "optimal": self.optimal,
            "differs": list(self.differs),
        }


class Offers(list[Offer]):
    """The offers of one completion, best first; `narrowed` says what a limit left out (empty when nothing).

    A list, so callers that only read the offers need no change.
    """

    def __init__(self, offers: Iterable[Offer] = (), narrowed: Iterable[str] = ()) -> None:
        super().__init__(offers)
        self.narrowed = list(narrowed)
