"""Hostile models for every importer: each is refused with its file and line, before it is expanded.

The models are built here: an XCSP domain of 200,000,001 values, UVL and FeatureIDE trees 400
levels deep, 3,000 nested parentheses or negations, formulas that grow exponentially once written
as conditions, prices a catalog cannot hold, files past the size limits.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.catalog.importers import ModelImportError, import_model
from app.catalog.importers.featureide import import_featureide
from app.catalog.importers.uvl import import_uvl
from app.catalog.importers.xcsp import import_xcsp
from app.catalog.limits import (
    MAX_ATTRIBUTES,
    MAX_DEPTH,
    MAX_DOMAIN,
    MAX_FILE_BYTES,
    MAX_FORMULA_ATOMS,
    MAX_UVL_BYTES,
)


def refusal(path: Path, importer: str = "") -> str:
    """The message the importer (by the file's suffix) refuses `path` with."""
    read = {".xml": import_featureide, ".uvl": import_uvl, ".xcsp": import_xcsp}[importer or path.suffix]
    with pytest.raises(ModelImportError) as caught:
        read(path)
    return str(caught.value)


# XCSP ----------------------------------------------------------------------------------


def xcsp(domains: str, variables: str) -> str:
    return (
        f'<instance>\n<presentation name="d"/>\n<domains>\n{domains}</domains>\n'
        f"<variables>\n{variables}</variables>\n<relations/>\n<constraints/>\n</instance>\n"
    )


def test_xcsp_domain_of_200_million_values_is_refused_without_listing_it(tmp_path: Path) -> None:
    path = tmp_path / "domain.xml"
    path.write_text(xcsp('<domain name="D0">0..200000000</domain>\n', '<variable name="V0" domain="D0"/>\n'))
    assert refusal(path, ".xcsp") == (
        f"{path}:4: domain D0 has more than {MAX_DOMAIN:,} values (at '0..200000000'); "
        f"an attribute has at most {MAX_DOMAIN:,}"
    )


def test_xcsp_domain_counts_every_range_and_value(tmp_path: Path) -> None:
    values = " ".join(f"{start}..{start + 49_999}" for start in range(0, 150_000, 50_000))
    path = tmp_path / "domain.xml"
    path.write_text(xcsp(f'<domain name="D0">{values}</domain>\n', '<variable name="V0" domain="D0"/>\n'))
    assert f"{path}:4: domain D0 has more than {MAX_DOMAIN:,} values (at '100000..149999')" in refusal(path, ".xcsp")


def test_xcsp_range_with_huge_bounds_is_counted_not_built(tmp_path: Path) -> None:
    path = tmp_path / "domain.xml"
    huge = "9" * 4000
    path.write_text(xcsp(f'<domain name="D0">-{huge}..{huge}</domain>\n', '<variable name="V0" domain="D0"/>\n'))
    assert f"{path}:4: domain D0 has more than {MAX_DOMAIN:,} values" in refusal(path, ".xcsp")


def test_xcsp_too_many_variables(tmp_path: Path) -> None:
    variables = "".join(f'<variable name="V{i}" domain="D0"/>\n' for i in range(MAX_ATTRIBUTES + 1))
    path = tmp_path / "many.xml"
    path.write_text(xcsp('<domain name="D0">0 1</domain>\n', variables))
    message = refusal(path, ".xcsp")
    assert message.startswith(f"{path}:{7 + MAX_ATTRIBUTES}: variable V{MAX_ATTRIBUTES} is one too many")


# UVL -----------------------------------------------------------------------------------


def uvl_tree(levels: int) -> str:
    """A chain of `levels` features, each the optional child of the one before."""
    lines = ["features", "\tF0"]
    for level in range(1, levels):
        lines += ["\t" * (2 * level) + "optional", "\t" * (2 * level + 1) + f"F{level}"]
    return "\n".join(lines) + "\n"


def test_uvl_tree_400_levels_deep(tmp_path: Path) -> None:
    path = tmp_path / "deep.uvl"
    path.write_text(uvl_tree(400))
    assert refusal(path) == f"{path}:{2 * MAX_DEPTH + 2}: feature tree nested deeper than {MAX_DEPTH} levels"


def test_uvl_tree_at_the_depth_limit_imports(tmp_path: Path) -> None:
    path = tmp_path / "deep.uvl"
    path.write_text(uvl_tree(MAX_DEPTH))
    assert len(import_uvl(path).catalog.products[0].attribute_index) == MAX_DEPTH - 1


@pytest.mark.parametrize("formula", ["(" * 3000 + "B" + ")" * 3000, "!" * 3000 + "B", "!(" * 1500 + "B" + ")" * 1500])
def test_uvl_deeply_nested_formula(tmp_path: Path, formula: str) -> None:
    path = tmp_path / "parens.uvl"
    path.write_text(f"features\n\tA\n\t\toptional\n\t\t\tB\n\t\t\tC\nconstraints\n\t{formula}\n")
    assert refusal(path) == f"{path}:7: formula nested deeper than {MAX_DEPTH} levels"


def test_uvl_nesting_inside_quotes_and_comments_does_not_count(tmp_path: Path) -> None:
    path = tmp_path / "quoted.uvl"
    text = "features\n\tA {description '" + "(" * 100 + "'}\n\t\toptional\n\t\t\tB\n\t\t\tC\n"
    path.write_text(text + "constraints\n\t// " + "(" * 100 + "\n\tB => !C\n")
    assert [rule.id for rule in import_uvl(path).catalog.products[0].rules][-1] == "c1"


def test_uvl_long_chain_of_and_is_one_flat_formula(tmp_path: Path) -> None:
    features = "".join(f"\t\t\tF{i}\n" for i in range(300))
    chain = " & ".join(f"F{i}" for i in range(300))
    path = tmp_path / "chain.uvl"
    path.write_text(f"features\n\tA\n\t\toptional\n{features}constraints\n\t{chain}\n")
    rule = import_uvl(path).catalog.products[0].rules[-1]
    assert rule.id == "c1"


def test_uvl_long_chain_of_implications_is_too_deep(tmp_path: Path) -> None:
    features = "".join(f"\t\t\tF{i}\n" for i in range(300))
    chain = " => ".join(f"F{i}" for i in range(300))
    path = tmp_path / "chain.uvl"
    path.write_text(f"features\n\tA\n\t\toptional\n{features}constraints\n\t{chain}\n")
    assert refusal(path) == f"{path}:305: formula nested deeper than {MAX_DEPTH} levels"


def test_uvl_nested_equivalences_grow_past_the_atom_limit(tmp_path: Path) -> None:
    formula = "B"
    for _ in range(14):  # each <=> writes both sides twice: 2^14 references and more, 29 levels deep
        formula = f"(B <=> {formula})"
    path = tmp_path / "iff.uvl"
    path.write_text(f"features\n\tA\n\t\toptional\n\t\t\tB\nconstraints\n\t{formula}\n")
    message = refusal(path)
    assert message.startswith(f"{path}:6: constraint c1 is too large: written as conditions it tests ")
    assert message.endswith(f"features (at most {MAX_FORMULA_ATOMS:,})")


@pytest.mark.parametrize(
    ("price", "problem"),
    [
        ("-50", "is negative (a catalog price is never below 0)"),
        ("10000000.01", "is above the largest catalog price (10,000,000.00)"),
        ("9" * 4000, "is above the largest catalog price (10,000,000.00)"),
    ],
)
def test_uvl_price_a_catalog_cannot_hold(tmp_path: Path, price: str, problem: str) -> None:
    path = tmp_path / "price.uvl"
    path.write_text(f"features\n\tA\n\t\toptional\n\t\t\tB {{Price {price}}}\n")
    assert refusal(path) == f"{path}:4: price '{price}' of 'B' {problem}"


def test_uvl_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.uvl"
    with path.open("wb") as stream:
        stream.truncate(MAX_UVL_BYTES + 1)
    assert refusal(path) == f"{path}: file larger than {MAX_UVL_BYTES:,} bytes (limit 1 MiB)"


# FeatureIDE ----------------------------------------------------------------------------


def featureide(struct: str, rules: str = "") -> str:
    return f"<featureModel><struct>{struct}</struct><constraints>{rules}</constraints></featureModel>"


def test_featureide_tree_400_levels_deep(tmp_path: Path) -> None:
    struct = "".join(f'<and name="F{i}">\n' for i in range(400)) + '<feature name="leaf"/>' + "</and>" * 400
    path = tmp_path / "deep.xml"
    path.write_text(featureide(struct))
    message = refusal(path)  # past libxml2's own depth limit (256): located by the parser
    assert message.startswith(f"{path}:255:17: not well-formed XML: Excessive depth in document: 256")


def test_featureide_tree_deeper_than_the_limit(tmp_path: Path) -> None:
    levels = MAX_DEPTH + 5
    struct = "".join(f'<and name="F{i}">\n' for i in range(levels)) + '<feature name="leaf"/>' + "</and>" * levels
    path = tmp_path / "deep.xml"
    path.write_text(featureide(struct))
    assert refusal(path) == f"{path}:{MAX_DEPTH + 1}: feature tree nested deeper than {MAX_DEPTH} levels"


def test_featureide_formula_deeper_than_the_limit(tmp_path: Path) -> None:
    levels = MAX_DEPTH + 5
    struct = '<and name="A"><feature name="B"/></and>'
    rule = "<rule>\n" + "<not>\n" * levels + "<var>B</var>" + "</not>" * levels + "</rule>"
    path = tmp_path / "deep.xml"
    path.write_text(featureide(struct, rule))
    assert refusal(path) == f"{path}:{MAX_DEPTH + 2}: formula nested deeper than {MAX_DEPTH} levels"


def test_featureide_negative_price(tmp_path: Path) -> None:
    struct = '<and name="A">\n<feature name="B"><attribute name="Price" value="-5000"/></feature></and>'
    path = tmp_path / "price.xml"
    path.write_text(featureide(struct))
    assert refusal(path) == f"{path}:2: price '-5000' of 'B' is negative (a catalog price is never below 0)"


# Every format, through `import_model` ----------------------------------------------------


@pytest.mark.parametrize("format_", ["xcsp", "featureide"])
def test_model_file_too_large(tmp_path: Path, format_: str) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ModelImportError) as caught:
        import_model(format_, path)
    assert str(caught.value) == f"{path}: file larger than {MAX_FILE_BYTES:,} bytes (limit 32 MiB)"
