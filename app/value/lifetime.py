"""Customer lifetime value: BG/NBD for how often a customer buys, Gamma-Gamma for how much.

Each customer is summarised by `frequency` x (repeat purchases: purchases after the first),
`recency` t_x (time from the first purchase to the last) and `T` (time from the first purchase to
the end of the data), all times in one unit, the data's (weeks for CDNOW). `monetary` is the mean
value of the repeat purchases, in the data's currency unit.

BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive, a
customer buys as a Poisson process of rate λ, λ ~ Gamma(shape r, rate α) across customers; after
each repeat purchase they drop out for good with probability p, p ~ Beta(a, b). Gamma-Gamma
(Fader, Hardie & Lee 2005, "RFM and CLV"): each purchase is worth z ~ Gamma(p, rate ν), ν ~
Gamma(q, rate γ), independent of the purchase process. Both are fitted by maximum likelihood
over log-parameters (so they stay positive) on the data rescaled to mean 1 (so one starting point
fits any unit), with identical customers counted once with a weight. Lifetime value is then the
discounted expected margin, month by month.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize
from scipy.special import betaln, expit, gammaln, hyp2f1

from app.errors import TailorError

FloatArray = npt.NDArray[np.float64]
Numbers = Sequence[float | Decimal] | npt.NDArray[Any]
"""Per-customer values: a sequence of floats, ints or Decimals, or a one-dimensional numpy array."""


class ValueInputError(TailorError, ValueError):
    """Data a value model cannot use; `argument` and `row` (None: the whole argument) say where."""

    def __init__(self, argument: str, row: int | None, problem: str) -> None:
        where = f"{argument} row {row}" if row is not None else argument
        super().__init__(f"{where}: {problem}")
        self.argument = argument
        self.row = row


def as_values(argument: str, values: Numbers, *, negative_ok: bool = False) -> FloatArray:
    """`values` as a non-empty one-dimensional float array of finite (and unless `negative_ok`, ≥ 0) numbers."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError, ArithmeticError) as error:
        raise ValueInputError(argument, None, f"not numbers ({error})") from error
    if array.ndim != 1:
        raise ValueInputError(argument, None, f"must be one-dimensional, not of shape {array.shape}")
    if array.size == 0:
        raise ValueInputError(argument, None, "is empty")
    _fail_first(argument, ~np.isfinite(array), array, "is not a finite number")
    if not negative_ok:
        _fail_first(argument, array < 0, array, "is negative")
    return array


def same_length(**arrays: FloatArray) -> None:
    """Raise naming the first argument whose length differs from the first argument's."""
    (first, reference), *others = arrays.items()
    for name, array in others:
        if len(array) != len(reference):
            raise ValueInputError(name, None, f"has {len(array)} rows but {first} has {len(reference)}")


def _fail_first(argument: str, bad: npt.NDArray[np.bool_], array: FloatArray, problem: str) -> None:
    if bad.any():
        row = int(np.argmax(bad))
        raise ValueInputError(argument, row, f"{array[row]} {problem}")


def _rfm(frequency: Numbers, recency: Numbers, age: Numbers) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Validated (frequency, recency, T) arrays."""
    x, t_x, big_t = as_values("frequency", frequency), as_values("recency", recency), as_values("T", age)
    same_length(frequency=x, recency=t_x, T=big_t)
    _fail_first("frequency", x != np.floor(x), x, "is not a whole number of repeat purchases")
    _fail_first("recency", t_x > big_t, t_x, "is after T (the last purchase must fall within the data)")
    _fail_first("recency", (x == 0) & (t_x > 0), t_x, "is above 0 but frequency is 0")
    return x, t_x, big_t


def _spend(frequency: Numbers, monetary: Numbers) -> tuple[FloatArray, FloatArray]:
    """Validated (frequency, monetary) arrays; monetary must be above 0 where frequency is."""
    x, m = as_values("frequency", frequency), as_values("monetary", monetary)
    same_length(frequency=x, monetary=m)
    _fail_first("frequency", x != np.floor(x), x, "is not a whole number of repeat purchases")
    _fail_first("monetary", (x > 0) & (m == 0), m, "is 0 but frequency is above 0")
    return x, m


def _compress(*columns: FloatArray) -> tuple[list[FloatArray], FloatArray]:
    """The distinct rows of `columns`, column by column, and how many times each occurs."""
    rows, counts = np.unique(np.column_stack(columns), axis=0, return_counts=True)
    return [rows[:, i] for i in range(len(columns))], counts.astype(np.float64)


def _maximise(log_likelihood: Callable[[FloatArray], FloatArray], weights: FloatArray, size: int) -> FloatArray:
    """Parameters maximising the weighted log-likelihood, searched over their logarithms from 1."""

    def loss(logs: FloatArray) -> float:
        total = float(weights @ log_likelihood(np.exp(logs))) / float(weights.sum())
        return -total if np.isfinite(total) else 1e300

    result = minimize(loss, np.zeros(size), method="L-BFGS-B", bounds=[(-30.0, 30.0)] * size, tol=1e-12)
    return np.exp(np.asarray(result.x, dtype=np.float64))


@dataclass(frozen=True)
class BgNbd:
    """A fitted BG/NBD model: λ ~ Gamma(shape r, rate alpha), p ~ Beta(a, b).

    `alpha` is in the data's time unit (weeks for CDNOW); r, a and b have no unit. All four are
    positive. Conditional expectations need a ≠ 1 (eq. 10 divides by a − 1).
    """

    r: float
    alpha: float
    a: float
    b: float

    def log_likelihood(self, frequency: Numbers, recency: Numbers, T: Numbers) -> FloatArray:  # noqa: N803
        """Each customer's log-likelihood (eq. 6 of the paper); recency and T in alpha's unit."""
        return _bgnbd_log_likelihood(np.array([self.r, self.alpha, self.a, self.b]), *_rfm(frequency, recency, T))

    def probability_alive(self, frequency: Numbers, recency: Numbers, T: Numbers) -> FloatArray:  # noqa: N803
        """P(still alive at T | x, t_x, T), in [0, 1]; 1 for customers with no repeat purchase."""
        return self._alive(*_rfm(frequency, recency, T))

    def expected_purchases(self, t: float, frequency: Numbers, recency: Numbers, T: Numbers) -> FloatArray:  # noqa: N803
        """E[purchases in (T, T + t] | x, t_x, T] (eq. 10); t, recency and T in alpha's unit."""
        if not np.isfinite(t) or t < 0:
            raise ValueInputError("t", None, f"{t} is not a finite, non-negative time")
        if self.a == 1:
            raise ValueInputError("a", None, "is 1, where eq. 10 divides by a − 1 = 0")
        return self._expected(t, *_rfm(frequency, recency, T))

    def _alive(self, x: FloatArray, t_x: FloatArray, age: FloatArray) -> FloatArray:
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        repeat = x > 0
        # log of a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x), the odds of having dropped out
        odds = np.log(a) - np.log(b + np.where(repeat, x - 1, 0.0)) + (r + x) * np.log((alpha + age) / (alpha + t_x))
        return np.where(repeat, expit(-odds), 1.0)

    def _expected(self, t: float, x: FloatArray, t_x: FloatArray, age: FloatArray) -> FloatArray:
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        z = t / (alpha + age + t)
        # Eq. 10's ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z), by Euler's transformation
        # 2F1(A, B; C; z) = (1−z)^(C−A−B) 2F1(C−A, C−B; C; z): its parameters no longer grow with x.
        tail = (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
        return np.asarray((a + b + x - 1) / (a - 1) * (1 - tail) * self._alive(x, t_x, age), dtype=np.float64)


def _bgnbd_log_likelihood(params: FloatArray, x: FloatArray, t_x: FloatArray, age: FloatArray) -> FloatArray:
    """Eq. 6 in logs: ln Γ(r+x) − ln Γ(r) + r ln α + ln(A + δ(x>0) B), A and B as in the paper."""
    r, alpha, a, b = params
    shared = gammaln(r + x) - gammaln(r) + r * np.log(alpha) - betaln(a, b)
    still = betaln(a, b + x) - (r + x) * np.log(alpha + age)
    repeat = x > 0
    gone = betaln(a + 1, b + np.where(repeat, x - 1, 0.0)) - (r + x) * np.log(alpha + t_x)
    return np.asarray(shared + np.logaddexp(still, np.where(repeat, gone, -np.inf)), dtype=np.float64)


def fit_bgnbd(frequency: Numbers, recency: Numbers, T: Numbers) -> BgNbd:  # noqa: N803
    """The maximum-likelihood BG/NBD model; recency and T in one time unit, which alpha takes."""
    x, t_x, age = _rfm(frequency, recency, T)
    scale = float(age.mean())
    if scale == 0:
        raise ValueInputError("T", None, "is 0 for every customer: no time was observed")
    (x, t_x, age), weights = _compress(x, t_x / scale, age / scale)
    r, alpha, a, b = _maximise(lambda params: _bgnbd_log_likelihood(params, x, t_x, age), weights, 4)
    return BgNbd(r=float(r), alpha=float(alpha * scale), a=float(a), b=float(b))


@dataclass(frozen=True)
class GammaGamma:
    """A fitted Gamma-Gamma spend model: z ~ Gamma(p, rate ν), ν ~ Gamma(q, rate gamma).

    `gamma` is in the currency unit of `monetary`; p and q have no unit. All three are positive;
    the population's mean spend p·gamma / (q − 1) exists only when q > 1.
    """

    p: float
    q: float
    gamma: float

    def log_likelihood(self, frequency: Numbers, monetary: Numbers) -> FloatArray:
        """Each repeat customer's log-density of their mean spend; only rows with frequency > 0."""
        x, m = _spend(frequency, monetary)
        return _gg_log_likelihood(np.array([self.p, self.q, self.gamma]), x[x > 0], m[x > 0])

    def expected_spend(self, frequency: Numbers, monetary: Numbers) -> FloatArray:
        """E[spend per purchase | x, mean spend] in monetary's unit; the population mean when x = 0."""
        if self.q <= 1:
            raise ValueInputError("q", None, f"{self.q} is at most 1, so the mean spend is infinite")
        x, m = _spend(frequency, monetary)
        return self.p * (self.gamma + x * m) / (self.p * x + self.q - 1)


def _gg_log_likelihood(params: FloatArray, x: FloatArray, m: FloatArray) -> FloatArray:
    """ln of Γ(px+q) / (Γ(px) Γ(q)) · γ^q · m^(px−1) · x^(px) / (γ + m·x)^(px+q), for x > 0."""
    p, q, gamma = params
    px = p * x
    terms = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(gamma) + (px - 1) * np.log(m)
    return np.asarray(terms + px * np.log(x) - (px + q) * np.log(gamma + m * x), dtype=np.float64)


def fit_gamma_gamma(frequency: Numbers, monetary: Numbers) -> GammaGamma:
    """The maximum-likelihood Gamma-Gamma model, fitted on the customers with frequency > 0."""
    x, m = _spend(frequency, monetary)
    repeat = x > 0
    if not repeat.any():
        raise ValueInputError("frequency", None, "is 0 for every customer: no repeat purchase to learn spend from")
    scale = float(m[repeat].mean())
    (x, m), weights = _compress(x[repeat], m[repeat] / scale)
    p, q, gamma = _maximise(lambda params: _gg_log_likelihood(params, x, m), weights, 3)
    return GammaGamma(p=float(p), q=float(q), gamma=float(gamma * scale))


def lifetime_value(
    bgnbd: BgNbd,
    gg: GammaGamma,
    frequency: Numbers,
    recency: Numbers,
    T: Numbers,  # noqa: N803
    monetary: Numbers,
    *,
    months: int = 12,
    margin: Decimal | float,
    monthly_discount: float = 0.01,
    weeks_per_month: float = 4.345,
) -> FloatArray:
    """Each customer's discounted expected margin over the next `months`, in monetary's unit.

    Month k adds (E[Y(k·w)] − E[Y((k−1)·w)]) · E[spend] · margin / (1 + monthly_discount)^k, with
    w = `weeks_per_month`: the data's time units per month (4.345 when T is in weeks, 30.44 in
    days). `margin` is the fraction of spend kept as profit. An estimate, hence float: turn it
    into `Decimal` money where it is stored or shown.
    """
    x, t_x, age = _rfm(frequency, recency, T)
    spend = gg.expected_spend(x, monetary)
    _check_horizon(months, float(margin), monthly_discount, weeks_per_month)
    if bgnbd.a == 1:
        raise ValueInputError("a", None, "is 1, where eq. 10 divides by a − 1 = 0")
    (ux, ut_x, uage), inverse = _distinct(x, t_x, age)
    value = np.zeros(len(ux))
    before = np.zeros(len(ux))
    for month in range(1, months + 1):
        cumulative = bgnbd._expected(month * weeks_per_month, ux, ut_x, uage)
        value += (cumulative - before) / (1 + monthly_discount) ** month
        before = cumulative
    return np.asarray(value[inverse] * spend * float(margin), dtype=np.float64)


def _distinct(*columns: FloatArray) -> tuple[list[FloatArray], npt.NDArray[np.intp]]:
    """The distinct rows of `columns`, column by column, and each original row's index among them."""
    rows, inverse = np.unique(np.column_stack(columns), axis=0, return_inverse=True)
    return [rows[:, i] for i in range(len(columns))], inverse.reshape(-1)


def _check_horizon(months: int, margin: float, monthly_discount: float, weeks_per_month: float) -> None:
    """Raise naming the first of lifetime_value's settings that makes no sense."""
    if months < 1:
        raise ValueInputError("months", None, f"{months} is not a horizon of at least one month")
    if not np.isfinite(margin):
        raise ValueInputError("margin", None, f"{margin} is not a finite fraction")
    if not np.isfinite(monthly_discount) or monthly_discount <= -1:
        raise ValueInputError("monthly_discount", None, f"{monthly_discount} is not a rate above −1")
    if not np.isfinite(weeks_per_month) or weeks_per_month <= 0:
        raise ValueInputError("weeks_per_month", None, f"{weeks_per_month} is not a positive number of time units")
