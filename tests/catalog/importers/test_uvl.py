"""UVL import: every benchmark model round-trips, keeps its names, and keeps its meaning."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from app.catalog.attributes import ManyOf, OneOf
from app.catalog.importers import ImportResult, ModelImportError
from app.catalog.importers.uvl import import_uvl, read_uvl
from app.catalog.rules import Requires
from tests.catalog.importers.support import (
    all_options,
    count_by_product,
    count_configurations,
    count_feature_selections,
    options,
    round_trip,
)

MODELS = [
    "Pizzas.uvl",
    "MobilePhone.uvl",
    "Truck.uvl",
    "JHipster.uvl",
    "pc-richmond/Sprey2020.uvl",
    "e_shop/Lau2006.uvl",
    "automotive01/Kowal2016.uvl",
]
_GROUP_LINE = re.compile(r"^\s+(alternative|or|optional|\[[0-9.*]+\])\s*$", re.MULTILINE)


@pytest.fixture(scope="module")
def imported(bench_dir: Path) -> dict[str, ImportResult]:
    """Each benchmark model imported once (Kowal2016 takes the parser several seconds)."""
    return {name: import_uvl(bench_dir / "feature_models" / name) for name in MODELS}


def source_counts(path: Path) -> tuple[int, int]:
    """(non-mandatory groups, cross-tree constraints) counted in the UVL text itself."""
    text = path.read_text(encoding="utf-8")
    features, _, constraints = text.partition("\nconstraints")
    lines = [line for line in constraints.splitlines() if line.strip()]
    return len(_GROUP_LINE.findall(features)), len(lines)


@pytest.mark.bench_data
@pytest.mark.parametrize("name", MODELS)
def test_round_trip_and_counts(name: str, imported: dict[str, ImportResult], bench_dir: Path, tmp_path: Path) -> None:
    result = imported[name]
    catalog = round_trip(result, tmp_path)
    product = catalog.products[0]
    groups, constraints = source_counts(bench_dir / "feature_models" / name)
    assert len(product.attribute_index) == groups
    cross_tree = [rule for rule in product.rules if re.fullmatch(r"c\d+", rule.id)]
    assert len(cross_tree) == constraints
    assert catalog.id == Path(name).stem


@pytest.mark.bench_data
def test_ids_are_the_feature_names(imported: dict[str, ImportResult]) -> None:
    product = imported["MobilePhone.uvl"].catalog.products[0]
    screen = product.attribute("Screen")
    assert isinstance(screen, OneOf)
    assert [o.id for o in screen.options] == ["Basic", "Color", "High Resolution"]
    root = product.attribute("Mobile Phone")
    assert isinstance(root, ManyOf)
    assert [o.id for o in root.options] == ["GPS", "Media"]
    media = product.attribute("Media")
    assert isinstance(media, ManyOf)
    assert media.min_count == 0  # Media itself is optional: empty exactly when it is left out
    assert {rule.id for rule in product.rules} == {"Media:chosen", "Media:empty", "c1", "c2"}
    assert [m.id for m in product.modules] == ["Mobile Phone", "Screen", "Media"]


@pytest.mark.bench_data
def test_optional_parents_get_a_none_option(imported: dict[str, ImportResult]) -> None:
    product = imported["Truck.uvl"].catalog.products[0]
    sleeper = product.attribute("SleeperCabin")
    assert isinstance(sleeper, OneOf)
    assert [(o.id, o.none) for o in sleeper.options] == [("Bed1", False), ("Beds2", False), ("(none)", True)]
    weight = product.attribute("Weight")
    assert isinstance(weight, OneOf)
    assert not any(o.none for o in weight.options)  # Weight is mandatory under the root
    assert options(product, "Type")[0].id == "Semitrailer"  # quoted keyword name, unquoted id


@pytest.mark.bench_data
@pytest.mark.parametrize(("name", "expected"), [("Pizzas.uvl", 42), ("MobilePhone.uvl", 14), ("Truck.uvl", 234)])
def test_same_number_of_valid_configurations(
    name: str, expected: int, imported: dict[str, ImportResult], bench_dir: Path
) -> None:
    product = imported[name].catalog.products[0]
    from_source = count_feature_selections(read_uvl(bench_dir / "feature_models" / name))
    assert from_source == expected
    assert count_configurations(product) == from_source
    if name != "Truck.uvl":  # 70,000 combinations: the pruned count above covers it
        assert count_by_product(product) == from_source


@pytest.mark.bench_data
def test_cross_tree_rule_reads_like_the_source(imported: dict[str, ImportResult]) -> None:
    rule = next(r for r in imported["Truck.uvl"].catalog.products[0].rules if r.id == "c8")
    assert isinstance(rule, Requires)
    assert rule.message == "SleeperCabin excludes Flatbed"
    assert rule.model_dump(by_alias=True, exclude_defaults=True)["if"] == {
        "attribute": "Cabin",
        "equals": "SleeperCabin",
    }


@pytest.mark.bench_data
def test_names_with_commas_are_renamed_and_reported(imported: dict[str, ImportResult]) -> None:
    result = imported["pc-richmond/Sprey2020.uvl"]
    assert all_options(result.catalog.products[0])["2x USB3;1"].label == "2x USB3,1"
    assert "feature '2x USB3,1' has id '2x USB3;1' (ids cannot hold ',' or '=')" in result.unmapped


@pytest.mark.bench_data
def test_dialects_are_normalised_and_reported(imported: dict[str, ImportResult]) -> None:
    assert imported["e_shop/Lau2006.uvl"].unmapped == ["read the keyword(s) Type used as feature names as quoted names"]
    kowal = imported["automotive01/Kowal2016.uvl"]
    assert kowal.unmapped == [
        "read 1045 double-quoted attribute value(s) as strings (UVL writes them in single quotes)"
    ]
    assert all_options(kowal.catalog.products[0])["N_100002__F_100035"].description is not None


@pytest.mark.bench_data
def test_unknown_attribute_is_reported(imported: dict[str, ImportResult]) -> None:
    assert imported["JHipster.uvl"].unmapped == ["line 4: attribute 'extended__' of 'JHipster' not mapped"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "model.uvl"
    path.write_text(textwrap.dedent(text).replace("    ", "\t"), encoding="utf-8")
    return path


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "features\n    Root\n        optional\n            A &&\n")
    with pytest.raises(ModelImportError, match=r"model\.uvl:4:\d+: "):
        import_uvl(path)


def test_what_is_not_mapped_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        imports
            sub.Other as o
        features
            Root {colour 'red'}
                optional
                    Integer Size
                    A
        constraints
            Size > 3
            A => o.B
            A => !Root
        """,
    )
    result = import_uvl(path)
    assert result.unmapped == [
        "line 4: attribute 'colour' of 'Root' not mapped",
        "line 6: 'Size' is typed Integer; read as Boolean",
        "line 9: arithmetic constraint 'Size > 3' not mapped",
        "line 2: import sub.Other is not resolved",
        "constraint c2 (line 10): unknown feature(s) o.B; skipped",
    ]
    rule = result.catalog.products[0].rules[-1]
    assert (rule.id, rule.message) == ("c3", "A excludes Root")


def test_group_cardinality_and_constraint_attributes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        features
            Root
                [1..2]
                    A
                    B {constraint B => C}
                    C
        """,
    )
    product = import_uvl(path).catalog.products[0]
    root = product.attribute("Root")
    assert isinstance(root, ManyOf)
    assert (root.min_count, root.max_count) == (1, 2)
    assert [rule.id for rule in product.rules] == ["c1"]
    assert count_configurations(product) == 4  # A, C, A+C, B+C


def test_keyword_names_are_quoted_outside_quoted_names_only(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        include
            Boolean
        features
            Root
                optional
                    Type
                    "My Type"
                    Integer {abstract}
        constraints
            Type => "My Type"
            !Integer | Type
        """,
    )
    result = import_uvl(path)
    assert result.unmapped == [
        "read the keyword(s) Integer, Type used as feature names as quoted names",
        "include Boolean: language levels are not checked",
    ]
    assert [o.id for o in options(result.catalog.products[0], "Root")] == ["Type", "My Type", "Integer"]
    assert [rule.message for rule in result.catalog.products[0].rules] == [
        "Type requires My Type",
        "Required: not Integer or Type",
    ]
