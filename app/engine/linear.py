"""Linear rules as engine expressions: weights per value, scaled to integers.

A term on a numeric attribute weighs each value by `coef × value`; a property term weighs each
option by `coef × property` (list price and unit cost for `price` and `cost`, formula lines
included). The product's base value of an unscoped property term moves to the right-hand side.
Decimals are scaled by a power of ten so that every weight and the bound are integers.
When option prices change with dates, the rule holds period by period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.catalog.attributes import ManyOf, Numeric, OneOf
from app.catalog.rules import Linear as LinearRule
from app.catalog.rules import Term
from app.engine.expressions import And, Expr, In, Linear, Op, implies
from app.engine.problem import Problem


def member_count(vars_: list[int], op: Op, bound: int) -> Expr:
    """The number of chosen members among `vars_` compared with `bound`."""
    return Linear(tuple((var, (0, 1)) for var in vars_), op, bound)


def linear_rule(problem: Problem, rule: LinearRule) -> Expr:
    """The expression of a linear rule's inequality (its `if` is applied by the caller)."""
    if not _price_changes(problem, rule):
        return _linear_on(problem, rule, problem.periods[0].sample())
    parts = [
        implies(In(problem.period_var, frozenset((index,))), _linear_on(problem, rule, period.sample()))
        for index, period in enumerate(problem.periods)
    ]
    return And(tuple(parts))


def _price_changes(problem: Problem, rule: LinearRule) -> bool:
    if not any(term.property == "price" for term in rule.terms):
        return False
    for attribute in problem.product.attributes():
        if isinstance(attribute, OneOf | ManyOf) and any(option.prices for option in attribute.options):
            return True
    return False


def _linear_on(problem: Problem, rule: LinearRule, day: date) -> Linear:
    weights: dict[int, list[Decimal]] = {}
    constant = Decimal(0)
    for term in rule.terms:
        constant += _add_term(problem, term, day, weights)
    rhs = rule.rhs - constant
    scale = _scale([rhs, *(w for ws in weights.values() for w in ws)])
    terms = tuple((var, tuple(int(w * scale) for w in ws)) for var, ws in sorted(weights.items()) if any(ws))
    return Linear(terms, rule.op, int(rhs * scale))


def _add_term(problem: Problem, term: Term, day: date, weights: dict[int, list[Decimal]]) -> Decimal:
    """Add the term's weights into `weights`; return its constant part (the base value)."""
    product = problem.product
    if term.attribute is not None:
        variable = problem.var_of(term.attribute)
        _accumulate(weights, variable.index, [term.coef * Decimal(v) for v in variable.values])  # type: ignore[arg-type]
        return Decimal(0)
    name = term.property
    assert name is not None
    for attribute in product.attributes():
        if term.attributes is not None and attribute.id not in term.attributes:
            continue
        if isinstance(attribute, ManyOf):
            for option in attribute.options:
                value = option.property_on(name, day)
                _accumulate(weights, problem.var_of(attribute.id, option.id).index, [Decimal(0), term.coef * value])
        elif isinstance(attribute, Numeric):
            if name in ("price", "cost") and attribute.price_formula:
                variable = problem.var_of(attribute.id)
                amounts = [_formula(attribute, v, name) for v in attribute.values()]
                _accumulate(weights, variable.index, [term.coef * a for a in amounts])
        else:
            options = attribute.options
            values = [option.property_on(name, day) for option in options]
            _accumulate(weights, problem.var_of(attribute.id).index, [term.coef * v for v in values])
    if term.attributes is not None:
        return Decimal(0)
    return term.coef * product.base_value(name)


def _formula(attribute: Numeric, value: Decimal, name: str) -> Decimal:
    total = 0
    for formula in attribute.price_formula:
        total += formula.amount(value) if name == "price" else formula.cost(value)
    return Decimal(total)


def _accumulate(weights: dict[int, list[Decimal]], var: int, values: list[Decimal]) -> None:
    if var in weights:
        weights[var] = [a + b for a, b in zip(weights[var], values, strict=True)]
    else:
        weights[var] = list(values)


def _scale(numbers: list[Decimal]) -> Decimal:
    places = max((-n.normalize().as_tuple().exponent for n in numbers if n), default=0)  # type: ignore[operator]
    return Decimal(10) ** max(0, places)


def property_weights(problem: Problem, name: str, day: date) -> tuple[dict[int, list[Decimal]], Decimal]:
    """Per variable, each value's contribution to property `name` on `day`, and the base value.

    With `price` and `cost` this is the list price and unit cost of a configuration:
    base + sum of the weights of the chosen values.
    """
    weights: dict[int, list[Decimal]] = {}
    base = _add_term(problem, Term(property=name), day, weights)
    return weights, base
