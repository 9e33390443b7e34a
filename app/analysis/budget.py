"""How much work an analysis may do, and how it reports progress.

Every limit counts work (context groups, sampled configurations, engines opened for rule
checks), never seconds, so an analysis finds the same on an idle machine and a busy one; what a
limit leaves out is reported as not computed, with the limit that did it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from app.catalog.model import Catalog, Product
from app.engine.bdd import Budget
from app.engine.cache import Cache
from app.engine.engine import Engine

Progress = Callable[[str, int, int], None]
"""Called with (what is being done, steps done, steps in all)."""


def quiet(stage: str, done: int, total: int) -> None:
    """A progress callback that reports nothing."""


@dataclass(frozen=True)
class AnalysisBudget:
    """Limits of one analysis (per product)."""

    compile: Budget = field(default_factory=Budget)
    """The compile budget of the product's engine."""
    groups: int = 64
    """Context groups analysed; the others are reported as not computed."""
    samples: int = 4
    """Valid configurations drawn per context group (the first one smallest) to clear rules quickly."""
    breaks: int = 20_000
    """Configurations one change from a sample tried, in all, to clear rules before the exact checks."""
    rule_work: int = 300
    """Rules compiled, in all, by the engines opened for exact rule and forced-option checks (each one a
    variant of the product with about as many rules as it: 18 on the jeans, 113 on the Renault Megane)."""
    seed: int = 0
    """The seed of the draws."""


@dataclass
class Work:
    """What one product's analysis has spent, and where variant engines are cached."""

    catalog: Catalog
    product: Product
    on: date
    budget: AnalysisBudget
    cache: Cache
    progress: Progress = quiet
    spent: int = 0

    def affordable(self) -> bool:
        """Whether the budget still pays for one more variant engine of this product."""
        return self.spent + len(self.product.rules) + 1 <= self.budget.rule_work

    def variant(self, catalog: Catalog) -> Engine | None:
        """An engine (search method: no global compile) on a variant catalog, or None past the budget."""
        cost = len(catalog.product(self.product.id).rules)
        if self.spent + cost > self.budget.rule_work:
            return None
        self.spent += cost
        return Engine.open(catalog, self.product.id, cache=self.cache, method="search")
