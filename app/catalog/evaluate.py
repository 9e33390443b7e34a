"""Plain-Python evaluation of conditions and rules on a complete configuration.

This is the independent checker: no solver, just the rules read literally. The engine's
answers are tested against it, and pricing uses it for promotion conditions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.catalog.attributes import ManyOf, Numeric, OneOf, YesNo
from app.catalog.conditions import AllOf, AnyOf, AttributeCondition, Condition, ContextCondition, NotOf
from app.catalog.configuration import Choice
from app.catalog.model import Product
from app.catalog.rules import Cardinality, Eligibility, Excludes, Linear, Requires, Rule, Table
from app.catalog.text import localize

Choices = dict[str, Choice]


def chosen_ids(choice: Choice | None) -> frozenset[str]:
    """The option ids a choice stands for (empty for a number or nothing)."""
    if isinstance(choice, str):
        return frozenset((choice,))
    if isinstance(choice, list):
        return frozenset(choice)
    return frozenset()


def condition_holds(condition: Condition, choices: Choices, context: dict[str, str]) -> bool:
    """True when `condition` holds for these choices and this customer context."""
    if isinstance(condition, AllOf):
        return all(condition_holds(part, choices, context) for part in condition.all)
    if isinstance(condition, AnyOf):
        return any(condition_holds(part, choices, context) for part in condition.any)
    if isinstance(condition, NotOf):
        return not condition_holds(condition.not_, choices, context)
    if isinstance(condition, ContextCondition):
        return condition.holds(context)
    return _atom_holds(condition, choices.get(condition.attribute))


def _atom_holds(condition: AttributeCondition, choice: Choice | None) -> bool:
    operator, operand = condition.operation
    if isinstance(choice, Decimal):
        number = choice
        if operator == "equals":
            return number == Decimal(str(operand))
        if operator == "not_equals":
            return number != Decimal(str(operand))
        if operator in ("in", "not_in"):
            inside = any(number == Decimal(str(value)) for value in operand)
            return inside if operator == "in" else not inside
        bound = Decimal(str(operand))
        comparisons = {"lt": number < bound, "le": number <= bound, "gt": number > bound, "ge": number >= bound}
        return comparisons[operator]
    ids = chosen_ids(choice)
    if operator == "equals":
        return str(operand) in ids
    if operator == "not_equals":
        return str(operand) not in ids
    if operator == "in":
        return any(str(value) in ids for value in operand)
    if operator == "not_in":
        return not any(str(value) in ids for value in operand)
    return False


def property_sum(
    product: Product, choices: Choices, name: str, on: date, attributes: list[str] | None = None
) -> Decimal:
    """Sum of property `name` over the chosen options (and the base, when not limited).

    `price` and `cost` are the list price and unit cost, formula lines included.
    """
    total = Decimal(0)
    if attributes is None:
        total += product.base_value(name)
    for attribute in product.attributes():
        if attributes is not None and attribute.id not in attributes:
            continue
        choice = choices.get(attribute.id)
        if isinstance(attribute, Numeric):
            if isinstance(choice, Decimal) and name in ("price", "cost"):
                for formula in attribute.price_formula:
                    total += formula.amount(choice) if name == "price" else formula.cost(choice)
            continue
        ids = chosen_ids(choice)
        if not ids:
            continue
        for option in attribute.options:
            if option.id in ids:
                total += option.property_on(name, on)
    return total


def rule_holds(product: Product, rule: Rule, choices: Choices, context: dict[str, str], on: date) -> bool:
    """True when a complete configuration satisfies `rule` (rules out of force always hold)."""
    if not rule.in_force(on):
        return True
    if isinstance(rule, Requires):
        return (rule.if_ is not None and not condition_holds(rule.if_, choices, context)) or condition_holds(
            rule.then, choices, context
        )
    if isinstance(rule, Excludes):
        return not (condition_holds(rule.if_, choices, context) and condition_holds(rule.then, choices, context))
    if isinstance(rule, Eligibility):
        return not condition_holds(rule.options, choices, context) or condition_holds(rule.when, choices, context)
    if isinstance(rule, Table):
        return _table_holds(product, rule, choices)
    if isinstance(rule, Cardinality):
        ids = chosen_ids(choices.get(rule.attribute))
        counted = len(ids if rule.options is None else ids & set(rule.options))
        return rule.min <= counted and (rule.max is None or counted <= rule.max)
    assert isinstance(rule, Linear)
    return _linear_holds(product, rule, choices, context, on)


def _table_holds(product: Product, rule: Table, choices: Choices) -> bool:
    values = []
    for attribute_id in rule.attributes:
        choice = choices.get(attribute_id)
        values.append(choice if isinstance(choice, Decimal) else next(iter(chosen_ids(choice)), None))
    matched = any(_row_matches(product, rule.attributes, row, values) for row in rule.rows())
    return matched if rule.allowed is not None else not matched


def _row_matches(product: Product, attributes: list[str], row: list[str], values: Sequence[object]) -> bool:
    for attribute_id, cell, value in zip(attributes, row, values, strict=True):
        if cell == "*":
            continue
        if isinstance(product.attribute(attribute_id), Numeric):
            if not isinstance(value, Decimal) or value != Decimal(cell):
                return False
        elif cell != value:
            return False
    return True


def _linear_holds(product: Product, rule: Linear, choices: Choices, context: dict[str, str], on: date) -> bool:
    if rule.if_ is not None and not condition_holds(rule.if_, choices, context):
        return True
    total = Decimal(0)
    for term in rule.terms:
        if term.attribute is not None:
            value = choices.get(term.attribute)
            total += term.coef * (value if isinstance(value, Decimal) else Decimal(0))
        else:
            assert term.property is not None
            total += term.coef * property_sum(product, choices, term.property, on, term.attributes)
    rhs = rule.rhs
    return {
        "<=": total <= rhs,
        ">=": total >= rhs,
        "==": total == rhs,
        "<": total < rhs,
        ">": total > rhs,
        "!=": total != rhs,
    }[rule.op]


@dataclass(frozen=True)
class Violation:
    """Why a configuration is not valid: a broken rule (with its id) or a bad choice."""

    attribute: str | None
    rule: str | None
    message: str


def check_configuration(product: Product, choices: Choices, context: dict[str, str], on: date) -> list[Violation]:
    """Every reason the complete configuration `choices` is not valid (empty when valid)."""
    violations = [v for attribute in product.attributes() for v in _domain_violations(attribute, choices, on)]
    unknown = set(choices) - set(product.attribute_index)
    violations += [Violation(a, None, f"unknown attribute '{a}'") for a in sorted(unknown)]
    if violations:
        return violations
    for rule in product.rules:
        if not rule_holds(product, rule, choices, context, on):
            violations.append(Violation(None, rule.id, localize(rule.message)))
    return violations


def _domain_violations(attribute: object, choices: Choices, on: date) -> list[Violation]:
    assert isinstance(attribute, OneOf | ManyOf | YesNo | Numeric)
    choice = choices.get(attribute.id)
    if choice is None:
        return [Violation(attribute.id, None, f"no choice for '{attribute.id}'")]
    if isinstance(attribute, Numeric):
        if not isinstance(choice, Decimal) or not attribute.contains(choice):
            return [Violation(attribute.id, None, f"{choice} is not a value of '{attribute.id}'")]
        return []
    if isinstance(attribute, ManyOf) != isinstance(choice, list) or isinstance(choice, Decimal):
        return [Violation(attribute.id, None, f"wrong kind of value for '{attribute.id}'")]
    options = {option.id: option for option in attribute.options}
    ids = chosen_ids(choice)
    bad = [Violation(attribute.id, None, f"unknown option '{i}' for '{attribute.id}'") for i in ids if i not in options]
    bad += [
        Violation(attribute.id, None, f"option '{i}' of '{attribute.id}' is not available on {on}")
        for i in ids
        if i in options and not options[i].in_force(on)
    ]
    if isinstance(attribute, ManyOf) and not bad and not _count_fits(attribute, len(ids)):
        most = attribute.max_count if attribute.max_count is not None else "any number of"
        bad.append(Violation(attribute.id, None, f"'{attribute.id}' takes {attribute.min_count} to {most} options"))
    return bad


def _count_fits(attribute: ManyOf, count: int) -> bool:
    return attribute.min_count <= count and (attribute.max_count is None or count <= attribute.max_count)
