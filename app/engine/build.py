"""Building the `Problem` of one product: its variables (attributes, period, context), then its constraints.

Apart from `problem` so the data types there import nothing that translates rules into them
(`translate` and `linear` import `problem`; this module imports all three).
"""

from __future__ import annotations

from app.catalog.attributes import Attribute, ManyOf, Numeric, YesNo
from app.catalog.conditions import ContextCondition, walk
from app.catalog.model import Catalog, Product
from app.catalog.price_rules import Promotion
from app.catalog.rules import rule_conditions
from app.engine.periods import periods_of
from app.engine.problem import NOT_GIVEN, OTHER, Kind, Problem, Value
from app.engine.translate import add_constraints


def build_problem(catalog: Catalog, product_id: str | None = None) -> Problem:
    """Translate one product of a checked catalog into a `Problem`."""
    product = catalog.product(product_id)
    periods = periods_of(product)
    problem = Problem(catalog=catalog, product=product, periods=periods)
    for module in product.modules:
        for attribute in module.attributes:
            problem.attribute_vars[attribute.id] = _add_attribute(problem, attribute, module.id)
    problem.period_var = problem.add_variable("period", "period", tuple(str(i) for i in range(len(periods))))
    for key, values in catalog.context.items():
        domain = tuple(values) if values else _mentioned_context_values(product, key)
        problem.context_vars[key] = problem.add_variable(f"context:{key}", "context", (*domain, NOT_GIVEN))
    add_constraints(problem)
    return problem


def _add_attribute(problem: Problem, attribute: Attribute, module: str) -> list[int]:
    if isinstance(attribute, ManyOf):
        return [
            problem.add_variable(
                f"{attribute.id}:{option.id}",
                "member",
                (False, True),
                attribute=attribute.id,
                option=option.id,
                module=module,
            )
            for option in attribute.options
        ]
    values: tuple[Value, ...]
    kind: Kind
    if isinstance(attribute, Numeric):
        kind, values = "numeric", tuple(attribute.values())
    elif isinstance(attribute, YesNo):
        kind, values = "yes_no", ("yes", "no")
    else:
        kind, values = "one_of", tuple(option.id for option in attribute.options)
    return [problem.add_variable(attribute.id, kind, values, attribute=attribute.id, module=module)]


def _mentioned_context_values(product: Product, key: str) -> tuple[Value, ...]:
    conditions = [condition for rule in product.rules for condition in rule_conditions(rule)]
    conditions.extend(r.when for r in product.price_rules if isinstance(r, Promotion) and r.when is not None)
    found: list[str] = []
    for condition in conditions:
        for atom in walk(condition):
            if isinstance(atom, ContextCondition) and atom.context == key:
                for value in [atom.equals, *(atom.in_ or []), *(atom.not_in or [])]:
                    if value is not None and value not in found:
                        found.append(value)
    return (*found, OTHER)
