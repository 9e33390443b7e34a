"""The `Method` protocol: the questions a way of answering (diagram, circuit, search) must answer.

The engine picks one method when it opens (`methods.method_for`) and asks it everything that
depends on how the product is held: the state of a selection (valid values, count, what a limit
left open), counts, the cheapest repairs and the best completions. Everything else (reasons,
conflicts, catalog terms) is the same whichever method answers.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple, Protocol

from app.engine.answers import Count
from app.engine.limits import Clock, Limits
from app.engine.mdd import Allowed, BoolArray
from app.engine.optimize import CompletionQuestion, Completions
from app.engine.repairs import Repair, RepairQuestion

MethodName = Literal["diagram", "circuit", "search"]


class State(NamedTuple):
    """What a selection leaves: valid value masks, the count, whether it is exact, limits' notes, values left open."""

    masks: dict[int, BoolArray]
    configurations: int
    exact: bool
    narrowed: list[str]
    undecided: dict[int, frozenset[int]]


class Method(Protocol):
    """One way of answering the questions that depend on how the product is held."""

    name: MethodName

    def state(self, allowed: Allowed, limits: Limits, clock: Clock) -> State:
        """Valid values and the count under the masks, with what a limit narrowed."""
        ...

    def valid_values(self, allowed: Allowed, limits: Limits) -> dict[int, BoolArray]:
        """Per variable, the values some configuration keeping the other variables' masks has."""
        ...

    def count(self, allowed: Allowed, counted: list[int] | None, seconds: float, solutions: int | None) -> Count:
        """Valid configurations under the masks; with `counted`, distinct combinations of those variables."""
        ...

    def repairs(self, question: RepairQuestion, on: date, clock: Clock, narrowed: list[str]) -> list[Repair]:
        """The cheapest different repairs, best first (what a limit cut short goes to `narrowed`)."""
        ...

    def complete(self, question: CompletionQuestion, on: date, allowed: Allowed, k: int) -> Completions:
        """The best completion and its alternatives."""
        ...
