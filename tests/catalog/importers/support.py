"""Oracles shared by the importer tests: round trips and counts of valid configurations."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date
from pathlib import Path

from app.catalog import Catalog, load_catalog
from app.catalog.attributes import ManyOf, OneOf
from app.catalog.conditions import AttributeCondition, walk
from app.catalog.configuration import Choice
from app.catalog.evaluate import check_configuration, rule_holds
from app.catalog.importers import ImportResult
from app.catalog.importers.features import And, Expr, Feature, FeatureModel, Group, Iff, Implies, Not, Or, Ref
from app.catalog.model import Product
from app.catalog.options import Option
from app.catalog.rules import Requires, Rule, Table
from app.catalog.writer import dump_catalog

ON = date(2025, 5, 1)


def round_trip(result: ImportResult, folder: Path) -> Catalog:
    """Write the imported catalog as YAML and as JSON, load both back, and return the YAML one."""
    loaded = []
    for suffix, json_format in ((".yaml", False), (".json", True)):
        path = folder / f"{result.catalog.id}{suffix}"
        path.write_text(dump_catalog(result.catalog, json_format=json_format), encoding="utf-8")
        loaded.append(load_catalog(path))
    assert loaded[0] == result.catalog
    assert loaded[1] == result.catalog
    return loaded[0]


def options(product: Product, attribute_id: str) -> list[Option]:
    """The options of a one-of or many-of attribute."""
    attribute = product.attribute(attribute_id)
    assert isinstance(attribute, OneOf | ManyOf)
    return attribute.options


def all_options(product: Product) -> dict[str, Option]:
    """Every option of the product by id (ids are unique in the imported feature models)."""
    return {option.id: option for attribute in product.attributes() for option in options(product, attribute.id)}


def domain(attribute: object) -> list[Choice]:
    """Every value of a one-of attribute; every subset of a many-of attribute's options."""
    assert isinstance(attribute, OneOf | ManyOf)
    ids = [option.id for option in attribute.options]
    if isinstance(attribute, OneOf):
        return list(ids)
    return [list(subset) for size in range(len(ids) + 1) for subset in itertools.combinations(ids, size)]


def count_by_product(product: Product) -> int:
    """Valid configurations by plain brute force: every combination, checked whole."""
    names = [attribute.id for attribute in product.attributes()]
    combinations = itertools.product(*(domain(attribute) for attribute in product.attributes()))
    return sum(not check_configuration(product, dict(zip(names, combo, strict=True)), {}, ON) for combo in combinations)


def count_configurations(product: Product) -> int:
    """Valid configurations by brute force, cutting a branch as soon as a rule it fully assigns fails.

    Every configuration reached is checked whole with `check_configuration`.
    """
    attributes = list(product.attributes())
    position = {attribute.id: index for index, attribute in enumerate(attributes)}
    due: dict[int, list[Rule]] = defaultdict(list)
    for rule in product.rules:
        due[max(position[name] for name in rule_attributes(rule))].append(rule)
    domains = [domain(attribute) for attribute in attributes]
    choices: dict[str, Choice] = {}

    def search(depth: int) -> int:
        if depth == len(attributes):
            return 0 if check_configuration(product, choices, {}, ON) else 1
        total = 0
        for value in domains[depth]:
            choices[attributes[depth].id] = value
            if all(rule_holds(product, rule, choices, {}, ON) for rule in due[depth]):
                total += search(depth + 1)
        del choices[attributes[depth].id]
        return total

    return search(0)


def rule_attributes(rule: Rule) -> set[str]:
    """The attributes a requires or table rule reads."""
    if isinstance(rule, Table):
        return set(rule.attributes)
    assert isinstance(rule, Requires)
    atoms = walk(rule.then) + (walk(rule.if_) if rule.if_ is not None else [])
    return {atom.attribute for atom in atoms if isinstance(atom, AttributeCondition)}


def count_feature_selections(model: FeatureModel) -> int:
    """Valid feature selections straight from the feature-model semantics (no catalog involved)."""
    selections = _selections(model.root)
    return sum(all(_holds(c.expr, selection) for c in model.constraints) for selection in selections)


def _selections(feature: Feature) -> list[frozenset[str]]:
    result = [frozenset({feature.name})]
    for group in feature.groups:
        result = [mine | theirs for mine in result for theirs in _group_selections(group)]
    return result


def _group_selections(group: Group) -> list[frozenset[str]]:
    subtrees = [_selections(child) for child in group.children]
    count = len(subtrees)
    sizes = {
        "mandatory": range(count, count + 1),
        "optional": range(count + 1),
        "alternative": range(1, 2),
        "or": range(1, count + 1),
    }.get(group.kind, range(group.low, (count if group.high is None else group.high) + 1))
    found: list[frozenset[str]] = []
    for size in sizes:
        for chosen in itertools.combinations(subtrees, size):
            found.extend(frozenset().union(*parts) for parts in itertools.product(*chosen))
    return found


def _holds(expr: Expr, selection: frozenset[str]) -> bool:
    if isinstance(expr, Ref):
        return expr.name in selection
    if isinstance(expr, Not):
        return not _holds(expr.operand, selection)
    if isinstance(expr, And):
        return all(_holds(part, selection) for part in expr.operands)
    if isinstance(expr, Or):
        return any(_holds(part, selection) for part in expr.operands)
    if isinstance(expr, Implies):
        return not _holds(expr.left, selection) or _holds(expr.right, selection)
    assert isinstance(expr, Iff)
    return _holds(expr.left, selection) == _holds(expr.right, selection)
