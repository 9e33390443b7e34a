"""What an analysis finds, as typed results a page can link from and the CLI can place in a file.

Every finding has a `Location`: the product, the rule, attribute and option ids it is about, and
the document path (`("products", 0, "rules", 3)`) that `app.catalog.loader.issue_at` turns into
file:line. A part the budget left out is never silent: it is a `NotComputed` saying why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from app.catalog.errors import Loc, format_path

FindingKind = Literal["unsatisfiable", "dead_option", "forced_option", "redundant_rule", "rule_never_binds"]
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Location:
    """Where a finding points: ids in the catalog and the path of the part in the document."""

    product: str
    path: Loc
    rule: str | None = None
    attribute: str | None = None
    option: str | None = None

    @property
    def field(self) -> str:
        """The document path as text (`products[0].rules[3]`)."""
        return format_path(self.path)


@dataclass(frozen=True)
class Cause:
    """A rule taking part in a finding (None for a catalog structure fact), its message and place."""

    rule: str | None
    message: str
    location: Location | None = None


@dataclass(frozen=True)
class ContextGroup:
    """Customer contexts the product's rules cannot tell apart; `members` lists every one of them.

    A context is a dict of declared context keys; a key left out is "not given" (or, for a key
    declared without values, any value no rule mentions).
    """

    index: int
    members: tuple[dict[str, str], ...]

    @property
    def representative(self) -> dict[str, str]:
        """The first member: the context the engine is asked in for the whole group."""
        return self.members[0]

    def describe(self) -> str:
        """The representative in words (`tier=retain, region=es`), or "any customer" when empty."""
        shown = ", ".join(f"{key}={value}" for key, value in self.representative.items())
        suffix = f" (and {len(self.members) - 1} like it)" if len(self.members) > 1 else ""
        return (shown or "no customer context") + suffix


@dataclass(frozen=True)
class Tally:
    """A count of configurations: exact, or (when `exact` is False) a lower bound with why."""

    count: int
    exact: bool = True
    note: str | None = None


@dataclass(frozen=True)
class NotComputed:
    """A part of the analysis the budget left out, and why."""

    part: str
    why: str
    product: str | None = None
    group: int | None = None


@dataclass
class ContextAnalysis:
    """One product in one context group: satisfiable, counts, dead and forced options."""

    group: ContextGroup
    satisfiable: bool | None
    count: Tally | None = None
    modules: dict[str, Tally] = field(default_factory=dict)
    conflict: tuple[Cause, ...] = ()
    """With `satisfiable` False: a minimal set of rules that together leave no configuration."""
    dead: dict[str, dict[str, tuple[Cause, ...]]] = field(default_factory=dict)
    """attribute -> option -> why it is in no valid configuration (options out of force are left out)."""
    forced: dict[str, list[str]] = field(default_factory=dict)
    """attribute -> options in every valid configuration (only attributes offering a real choice)."""


@dataclass(frozen=True)
class Finding:
    """One thing a catalog manager should know, with its place and the rules behind it.

    `contexts` lists the context groups it holds in; empty means every group.
    """

    kind: FindingKind
    severity: Severity
    location: Location
    message: str
    causes: tuple[Cause, ...] = ()
    contexts: tuple[int, ...] = ()


@dataclass
class ProductAnalysis:
    """Everything found on one product."""

    product: str
    index: int
    method: str | None = None
    groups: list[ContextAnalysis] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    not_computed: list[NotComputed] = field(default_factory=list)


@dataclass
class CatalogAnalysis:
    """A catalog version analysed on one date, product by product."""

    catalog: str
    version: str
    on: date
    products: list[ProductAnalysis] = field(default_factory=list)

    def findings(self, kind: FindingKind | None = None) -> list[Finding]:
        """Every finding (of one kind), product by product."""
        return [f for p in self.products for f in p.findings if kind is None or f.kind == kind]

    def not_computed(self) -> list[NotComputed]:
        """Every part left out, product by product."""
        return [n for p in self.products for n in p.not_computed]
