"""Customer value benchmark: fit BG/NBD and Gamma-Gamma on synthetic customers, then value them.

Run: `.venv/bin/python -m bench.value [--customers N] [--seed S]`. The customers are drawn
(numpy `default_rng(seed)`) from the models themselves with the CDNOW parameters: first purchases
spread over 12 weeks, data to week 78, times rounded to whole days and given in weeks, mean spend
rounded to cents. Prints seconds per operation against the target (the two fits on 200,000
customers in under 5 s) and the recovered parameters beside the true ones.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from rich.console import Console
from rich.table import Table

from app.value.lifetime import BgNbd, FloatArray, GammaGamma, fit_bgnbd, fit_gamma_gamma, lifetime_value

TRUE_BGNBD = BgNbd(r=0.243, alpha=4.414, a=0.793, b=2.426)
TRUE_GG = GammaGamma(p=6.25, q=3.74, gamma=15.44)
FIT_TARGET_S = 5.0
Result = TypeVar("Result")


@dataclass(frozen=True)
class Customers:
    """Synthetic customers: repeat purchases, recency and T in weeks, mean spend in currency units."""

    frequency: FloatArray
    recency: FloatArray
    T: FloatArray
    monetary: FloatArray


def synthetic(customers: int, seed: int) -> Customers:
    """Customers drawn from BG/NBD (TRUE_BGNBD) and Gamma-Gamma (TRUE_GG), deterministically."""
    rng = np.random.default_rng(seed)
    bg, gg = TRUE_BGNBD, TRUE_GG
    days = 546 - rng.integers(0, 84, customers)  # first purchase in weeks 0-12, data to week 78
    age = days / 7
    arrivals = rng.poisson(rng.gamma(bg.r, 1 / bg.alpha, customers) * age)
    x = np.minimum(arrivals, rng.geometric(rng.beta(bg.a, bg.b, customers)))  # drops out after a repeat
    # given N arrivals in (0, T], the x-th is T times the x-th of N sorted uniforms: Beta(x, N − x + 1)
    last = age * rng.beta(np.maximum(x, 1), arrivals - x + 1)
    recency = np.where(x > 0, np.round(last * 7), 0) / 7
    total = rng.gamma(gg.p * np.maximum(x, 1), 1 / rng.gamma(gg.q, 1 / gg.gamma, customers))
    monetary = np.where(x > 0, np.maximum(np.round(total / np.maximum(x, 1), 2), 0.01), 0.0)
    return Customers(x.astype(np.float64), recency, age, monetary)


def timed(call: Callable[[], Result]) -> tuple[Result, float]:
    """`call`'s result and its wall-clock seconds."""
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def versus(fitted: object, true: object, names: list[str]) -> str:
    """Each parameter as `name fitted (true)`."""
    return "  ".join(f"{name} {getattr(fitted, name):.3f} ({getattr(true, name)})" for name in names)


def main() -> None:
    """Generate the customers, time the fits and the valuation, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = synthetic(args.customers, args.seed)
    repeat = int((data.frequency > 0).sum())
    bg, bg_s = timed(lambda: fit_bgnbd(data.frequency, data.recency, data.T))
    gg, gg_s = timed(lambda: fit_gamma_gamma(data.frequency, data.monetary))
    clv, clv_s = timed(lambda: lifetime_value(bg, gg, data.frequency, data.recency, data.T, data.monetary, margin=0.3))
    fits_s = bg_s + gg_s
    table = Table("operation", "customers", "seconds", "target", "parameters: fitted (true)")
    table.add_row(
        "fit_bgnbd", f"{args.customers:,}", f"{bg_s:.2f}", "", versus(bg, TRUE_BGNBD, ["r", "alpha", "a", "b"])
    )
    table.add_row("fit_gamma_gamma", f"{repeat:,}", f"{gg_s:.2f}", "", versus(gg, TRUE_GG, ["p", "q", "gamma"]))
    verdict = "met" if fits_s < FIT_TARGET_S else "MISSED"
    table.add_row("both fits", f"{args.customers:,}", f"{fits_s:.2f}", f"< {FIT_TARGET_S:.0f} s: {verdict}", "")
    mean = f"mean 12-month value at 30% margin: {float(np.mean(clv)):.2f}"
    table.add_row("lifetime_value (12 months)", f"{args.customers:,}", f"{clv_s:.2f}", "", mean)
    Console(width=200).print(table)


if __name__ == "__main__":
    main()
