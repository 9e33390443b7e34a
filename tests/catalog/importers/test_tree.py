"""The feature-model converter: random small models keep their number of valid configurations."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.catalog.attributes import ManyOf, OneOf
from app.catalog.importers import ModelImportError
from app.catalog.importers.features import (
    And,
    CrossTree,
    Expr,
    Feature,
    FeatureModel,
    Group,
    GroupKind,
    Iff,
    Implies,
    Not,
    Or,
    Ref,
)
from app.catalog.importers.tree import convert
from tests.catalog.importers.support import count_configurations, count_feature_selections, options

PATH = Path("model.uvl")
KINDS: list[GroupKind] = ["mandatory", "optional", "alternative", "or", "cardinality"]


@st.composite
def feature_models(draw: st.DrawFn) -> FeatureModel:
    """Trees of up to about ten features with every group kind, and a few random formulas."""
    names = (f"F{number}" for number in itertools.count())

    def feature(depth: int) -> Feature:
        node = Feature(name=next(names))
        for _ in range(draw(st.integers(0, 2 if depth < 2 else 0))):
            kind = draw(st.sampled_from(KINDS))
            children = [feature(depth + 1) for _ in range(draw(st.integers(1, 3)))]
            group = Group(kind, children)
            if kind == "cardinality":
                group.low = draw(st.integers(0, 1))
                group.high = draw(st.sampled_from([None, *range(group.low, len(children) + 1)]))
            node.groups.append(group)
        return node

    root = feature(0)
    every = [f.name for f in FeatureModel(root).features()]
    atoms = st.sampled_from(every).map(Ref)
    formulas = st.recursive(
        atoms,
        lambda inner: st.one_of(
            inner.map(Not),
            st.tuples(inner, inner).map(And),
            st.tuples(inner, inner).map(Or),
            st.builds(Implies, inner, inner),
            st.builds(Iff, inner, inner),
        ),
        max_leaves=4,
    )
    exprs: list[Expr] = draw(st.lists(formulas, max_size=3))
    return FeatureModel(root, [CrossTree(expr, number) for number, expr in enumerate(exprs, start=1)])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feature_models())
def test_random_models_keep_their_configurations(model: FeatureModel) -> None:
    if not any(group.kind != "mandatory" for feature in model.features() for group in feature.groups):
        with pytest.raises(ModelImportError, match="nothing to choose"):
            convert(model, PATH, "UVL")
        return
    result = convert(model, PATH, "UVL")
    assert count_configurations(result.catalog.products[0]) == count_feature_selections(model)


def tree(*groups: Group, name: str = "Root") -> Feature:
    return Feature(name, list(groups))


def leaves(*names: str) -> list[Feature]:
    return [Feature(name) for name in names]


def test_later_groups_get_numbered_ids() -> None:
    root = tree(Group("alternative", leaves("A", "B")), Group("optional", leaves("C")), Group("or", leaves("D", "E")))
    product = convert(FeatureModel(root), PATH, "UVL").catalog.products[0]
    assert list(product.attribute_index) == ["Root", "Root#2", "Root#3"]
    second = product.attribute("Root#2")
    assert isinstance(second, ManyOf)
    assert second.label == "Root (group 2)"
    assert second.description == "Group 2 of the children of Root (hence '#2' in the id)"
    third = product.attribute("Root#3")
    assert isinstance(third, ManyOf)
    assert third.min_count == 1


def test_none_option_never_clashes_with_a_feature() -> None:
    inner = Feature("P", [Group("alternative", leaves("(none)", "X"))])
    product = convert(FeatureModel(tree(Group("optional", [inner]))), PATH, "UVL").catalog.products[0]
    attribute = product.attribute("P")
    assert isinstance(attribute, OneOf)
    assert [(o.id, o.none) for o in attribute.options] == [("(none)", False), ("X", False), ("(none)~2", True)]


def test_prices_follow_the_feature_that_selects_them() -> None:
    screw = Feature("Screw", price=Decimal("0.03"))
    part = Feature("Part", [Group("mandatory", [screw])], price=Decimal(3))
    frame = Feature("Frame", price=Decimal(20))
    groups = [Group("mandatory", [frame]), Group("alternative", [part, Feature("Deep", price=Decimal(1))])]
    root = Feature("Root", groups, price=Decimal(100))
    product = convert(FeatureModel(root), PATH, "FeatureIDE").catalog.products[0]
    assert product.base_price == 12000  # the root and its mandatory frame
    assert [(o.id, o.price) for o in options(product, "Root")] == [("Part", 303), ("Deep", 100)]


def test_constraints_that_fold_to_constants_are_reported() -> None:
    root = tree(Group("mandatory", leaves("M")), Group("optional", leaves("A")))
    constraints = [
        CrossTree(Implies(Ref("A"), Ref("M")), 1, line=9),
        CrossTree(Not(Ref("M")), 2),
        CrossTree(Implies(Ref("A"), Not(Ref("Root"))), 3),
    ]
    result = convert(FeatureModel(root, constraints), PATH, "UVL")
    assert result.unmapped == [
        "constraint c1 (line 9): always holds once the tree is respected; no rule needed",
        "constraint c2: can never hold, so the model has no valid configuration",
    ]
    never, excludes = result.catalog.products[0].rules
    assert never.id == "c2"
    assert count_configurations(result.catalog.products[0]) == 0
    assert excludes.model_dump(by_alias=True, exclude_defaults=True)["then"] == {"attribute": "Root", "not_equals": "A"}


def test_nothing_to_choose() -> None:
    with pytest.raises(ModelImportError, match=r"model\.uvl: the model has nothing to choose"):
        convert(FeatureModel(tree(Group("mandatory", leaves("A")))), PATH, "UVL")


def test_lower_bound_above_one_under_an_optional_parent_is_reported() -> None:
    inner = Feature("P", [Group("cardinality", leaves("X", "Y", "Z"), low=2, high=3)])
    result = convert(FeatureModel(tree(Group("optional", [inner]))), PATH, "UVL")
    assert result.unmapped == ["group [2..] of 'P': at least 2 is enforced only as at least 1"]
