"""Budgets of one question: work, which may shape an answer, and a clock, which only cuts one short.

Every budget that can change an answer counts work, so the same question gets the same answer on
an idle machine and on a busy one: minimal-conflict searches for the reasons of one answer, SAT
conflicts per solver call, solutions enumerated for a count, CP-SAT's deterministic time for a
completion or a repair, live nodes and reordering work for a compile (`bdd.Budget`). The wall
clock is only a safety net for a question that runs away; an answer it ends says so
(`Options.narrowed`, `Count.narrowed`, `Offers.narrowed`, `Engine.fallback`) and is never
silently a different answer.

Reasons are budgeted in searches rather than in the solver's own counters on purpose: the SAT
solver is incremental and keeps what it learned from earlier questions, so the propagations or
conflicts the same search takes differ with what the worker was asked before (measured on Megane:
106,206 propagations for a search on a fresh engine, 38,896 for the same search after 30 other
clicks). A count of searches, charged by the product's size, gives every worker the same reasons.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

SECONDS = 5.0
"""Default safety net of one question. The work budgets end every question on the shipped and
benchmark catalogs well before it (the slowest, a click on automotive01 answered by search,
takes 1.7 s on an idle machine), so it only fires on a machine several times slower, or on a
question that runs away."""
REASON_WORK = 100_000_000
"""Work for the reasons of one answer that no single rule explains, charged per minimal-conflict
search by the size of the product's clauses (`search_cost`), never measured on the solver.

A search makes about five solver calls that each assign every variable, an assignment costs more
the more variables there are, and where constraints are many per variable the core to shrink is
bigger. Charged variables × max(variables, 15 × constraints), a search costs 1.2 to 1.8 × 10⁻⁷ ms
per unit on every benchmark catalog (measured, ms per search: business 0.18, bikes 0.29, PC 0.40,
BR4CP medium 0.72, BR4CP big 2.3, Megane 3.0), so this budget is 10 to 17 ms of searches on an
idle machine whatever the catalog: 75 searches on business, 57 on bikes, 33 on PC, 23 on BR4CP
medium, 5 on Megane, 4 on BR4CP big, every one the small catalogs need; the same on a busy one."""
CONFLICTS = 10_000
"""SAT conflicts one solver call may take (a search, a valid-value probe, one solution of a
count): 40 times the most any call takes on the benchmark catalogs (263, Megane), so it only
stops a pathological call; such a call then leaves its question undecided and says so."""
COUNT_WORK = 1_000_000
"""Work of a search-method count (`Engine.count`), in solutions × CNF variables: one solution costs
100 to 300 ns per variable (measured: 10,000 solutions of jeans' 1,083 variables in 1.1 s, 53 of
automotive01's 19,071 in 0.3 s), so a count stops, as a lower bound, within about 0.3 s on an idle
machine whatever the catalog: inside a 1 s safety net even on a machine three times slower."""
OPTIONS_COUNT_WORK = 500_000
"""The same for the count within `Engine.options` (the search method answers a click with it)."""
COMPLETION_WORK = 5.0
"""CP-SAT deterministic time (its own work units, one worker, fixed seed) for the best completion
and all its alternatives together. The shipped catalogs and Megane prove each answer optimal within
0.3; automotive01 needs about 0.9 per answer (0.3 s each on an idle machine) for all three."""
REPAIR_WORK = 0.5
"""CP-SAT deterministic time for each cheapest-repair solve of the search method."""


@dataclass(frozen=True)
class Limits:
    """The budgets of one `Engine.options` question: work that decides it, and its safety net in seconds."""

    reasons: int = REASON_WORK
    conflicts: int = CONFLICTS
    solutions: int | None = None
    """Solutions the search method's count enumerates; None: as many as `OPTIONS_COUNT_WORK` pays for."""
    seconds: float = SECONDS


def search_cost(variables: int, constraints: int) -> int:
    """What one minimal-conflict search is charged on clauses of `variables` variables and `constraints` constraints."""
    return max(1, variables * max(variables, 15 * constraints))


def searches(work: int, variables: int, constraints: int) -> int:
    """Minimal-conflict searches `work` pays for on such clauses (at least one if there is any work)."""
    if work <= 0:
        return 0
    return max(1, work // search_cost(variables, constraints))


def solutions_paid(asked: int | None, work: int, variables: int) -> int:
    """The solutions a count may enumerate: `asked`, else what `work` pays for on `variables` variables."""
    if asked is not None:
        return max(0, asked)
    return max(1, work // max(1, variables))


CUT_SHORT = "{what}: cut short by the {seconds:g} s time limit"
"""The note (and `CutShortError` template) of a question the clock ended."""


class Clock:
    """The safety net of one question: a deadline, checked between units of work."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def expired(self) -> bool:
        """True once the deadline has passed."""
        return time.monotonic() > self.deadline

    def left(self) -> float:
        """Seconds before the deadline (0 once past it)."""
        return max(0.0, self.deadline - time.monotonic())

    def cut(self, what: str) -> str:
        """The note an answer carries when the deadline ended `what`."""
        return CUT_SHORT.format(what=what, seconds=self.seconds)
