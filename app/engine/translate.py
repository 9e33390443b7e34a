"""Catalog rules and conditions, translated into engine expressions over a `Problem`'s variables."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from app.catalog.attributes import ManyOf, Numeric, OneOf, YesNo
from app.catalog.conditions import AllOf, AnyOf, AttributeCondition, Condition, ContextCondition, NotOf
from app.catalog.rules import Cardinality, Eligibility, Excludes, Requires, Rule, Table
from app.catalog.rules import Linear as LinearRule
from app.engine.expressions import FALSE, TRUE, And, Expr, In, Not, Or, implies, negate
from app.engine.expressions import Table as TableExpr
from app.engine.linear import linear_rule, member_count
from app.engine.periods import in_force_periods
from app.engine.problem import Constraint, Problem, in_force


def add_constraints(problem: Problem) -> None:
    """Add the structural constraints and one constraint per rule to `problem`."""
    _add_structure(problem)
    for rule in problem.product.rules:
        expr = in_force(problem, rule, rule_expr(problem, rule))
        problem.constraints.append(Constraint(f"rule:{rule.id}", expr, rule=rule.id, message=rule.message))


def _add_structure(problem: Problem) -> None:
    product = problem.product
    if product.valid_from is not None or product.valid_to is not None:
        periods = in_force_periods(problem.periods, product)
        problem.constraints.append(Constraint("product:dates", In(problem.period_var, periods)))
    for attribute in product.attributes():
        if isinstance(attribute, ManyOf):
            vars_ = problem.attribute_vars[attribute.id]
            if attribute.min_count > 0:
                count = member_count(vars_, ">=", attribute.min_count)
                problem.constraints.append(Constraint(f"count:{attribute.id}:min", count))
            if attribute.max_count is not None and attribute.max_count < len(vars_):
                count = member_count(vars_, "<=", attribute.max_count)
                problem.constraints.append(Constraint(f"count:{attribute.id}:max", count))
        if isinstance(attribute, OneOf | ManyOf):
            for option in attribute.options:
                if option.valid_from is not None or option.valid_to is not None:
                    chosen = option_chosen(problem, attribute.id, option.id)
                    periods = in_force_periods(problem.periods, option)
                    expr = implies(chosen, In(problem.period_var, periods))
                    problem.constraints.append(Constraint(f"dates:{attribute.id}:{option.id}", expr))


def option_chosen(problem: Problem, attribute: str, option: str) -> Expr:
    """The expression "this option of this attribute is chosen"."""
    variable = problem.var_of(attribute, option)
    if variable.kind == "member":
        return In(variable.index, frozenset((1,)))
    return In(variable.index, frozenset((variable.position(option),)))


def rule_expr(problem: Problem, rule: Rule) -> Expr:
    """The expression a complete configuration must satisfy for `rule`, ignoring its dates."""
    if isinstance(rule, Requires):
        guard = condition_expr(problem, rule.if_) if rule.if_ is not None else TRUE
        return implies(guard, condition_expr(problem, rule.then))
    if isinstance(rule, Excludes):
        return implies(condition_expr(problem, rule.if_), negate(condition_expr(problem, rule.then)))
    if isinstance(rule, Eligibility):
        return implies(condition_expr(problem, rule.options), condition_expr(problem, rule.when))
    if isinstance(rule, Table):
        return _table_expr(problem, rule)
    if isinstance(rule, Cardinality):
        return _cardinality_expr(problem, rule)
    assert isinstance(rule, LinearRule)
    guard = condition_expr(problem, rule.if_) if rule.if_ is not None else TRUE
    return implies(guard, linear_rule(problem, rule))


def condition_expr(problem: Problem, condition: Condition) -> Expr:
    """The expression of a catalog condition."""
    if isinstance(condition, AllOf):
        return And(tuple(condition_expr(problem, part) for part in condition.all))
    if isinstance(condition, AnyOf):
        return Or(tuple(condition_expr(problem, part) for part in condition.any))
    if isinstance(condition, NotOf):
        return negate(condition_expr(problem, condition.not_))
    if isinstance(condition, ContextCondition):
        variable = problem.variables[problem.context_vars[condition.context]]
        positions = frozenset(
            i
            for i, value in enumerate(variable.values)
            if condition.holds({} if value is None else {condition.context: str(value)})
        )
        return In(variable.index, positions)
    return _attribute_condition(problem, condition)


def _attribute_condition(problem: Problem, condition: AttributeCondition) -> Expr:
    attribute = problem.product.attribute(condition.attribute)
    operator, operand = condition.operator, condition.operand
    if isinstance(attribute, ManyOf):
        wanted = [str(v) for v in (operand if isinstance(operand, list) else [operand])]
        chosen = [option_chosen(problem, attribute.id, option) for option in wanted]
        if operator in ("equals", "in"):
            return Or(tuple(chosen))
        return And(tuple(Not(expr) for expr in chosen))
    variable = problem.var_of(attribute.id)
    if isinstance(attribute, Numeric):
        test = _numeric_test(operator, operand)
        return In(variable.index, frozenset(i for i, v in enumerate(variable.values) if test(v)))
    assert isinstance(attribute, OneOf | YesNo)
    values = {str(v) for v in (operand if isinstance(operand, list) else [operand])}
    inside = frozenset(i for i, v in enumerate(variable.values) if v in values)
    if operator in ("equals", "in"):
        return In(variable.index, inside)
    return In(variable.index, frozenset(range(len(variable.values))) - inside)


def _numeric_test(operator: str, operand: object) -> Callable[[object], bool]:
    """The test a numeric attribute's value must pass for `operator` and `operand`."""
    if operator in ("in", "not_in"):
        assert isinstance(operand, list)
        members = {Decimal(str(v)) for v in operand}
        return (lambda v: v in members) if operator == "in" else (lambda v: v not in members)
    bound = Decimal(str(operand))
    tests: dict[str, Callable[[Decimal], bool]] = {
        "equals": lambda v: v == bound,
        "not_equals": lambda v: v != bound,
        "lt": lambda v: v < bound,
        "le": lambda v: v <= bound,
        "gt": lambda v: v > bound,
        "ge": lambda v: v >= bound,
    }
    test = tests[operator]
    return lambda v: isinstance(v, Decimal) and test(v)


def _table_expr(problem: Problem, rule: Table) -> Expr:
    variables = [problem.var_of(attribute) for attribute in rule.attributes]
    positions = [{_cell_key(v): i for i, v in enumerate(variable.values)} for variable in variables]
    rows = []
    for row in rule.rows():
        cells = []
        for cell, lookup, variable in zip(row, positions, variables, strict=True):
            if cell == "*":
                cells.append(-1)
            else:
                key = _cell_key(Decimal(cell) if variable.kind == "numeric" else cell)
                cells.append(lookup[key])
        rows.append(tuple(cells))
    if not rows:
        return FALSE if rule.allowed is not None else TRUE
    return TableExpr(tuple(v.index for v in variables), tuple(rows), allowed=rule.allowed is not None)


def _cell_key(value: object) -> object:
    return value.normalize() if isinstance(value, Decimal) else value


def _cardinality_expr(problem: Problem, rule: Cardinality) -> Expr:
    options = (
        rule.options
        if rule.options is not None
        else [
            variable.option
            for index in problem.attribute_vars[rule.attribute]
            if (variable := problem.variables[index]).option is not None
        ]
    )
    vars_ = [problem.var_of(rule.attribute, option).index for option in options]
    parts = [member_count(vars_, ">=", rule.min)] if rule.min > 0 else []
    if rule.max is not None:
        parts.append(member_count(vars_, "<=", rule.max))
    return And(tuple(parts)) if len(parts) != 1 else parts[0]
