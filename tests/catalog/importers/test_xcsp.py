"""XCSP 2.1 import: the Renault models round-trip, keep their names and agree with real sales."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from app.catalog.attributes import OneOf
from app.catalog.importers import ImportResult, ModelImportError
from app.catalog.importers.xcsp import import_xcsp
from app.catalog.rules import Table
from tests.catalog.importers.support import count_configurations, options, round_trip

MEGANE = "renault/megane.xml"
NAMES = "renault/renault_domains_named.txt"
MEDIUM = "renault_br4cp/medium_domainsorted.xml"
BIG = "renault_br4cp/big_domainsorted.xml"


@pytest.fixture(scope="module")
def imported(bench_dir: Path) -> dict[str, ImportResult]:
    """Each benchmark model imported once; megane with its names file."""
    return {
        MEGANE: import_xcsp(bench_dir / MEGANE, names=bench_dir / NAMES),
        MEDIUM: import_xcsp(bench_dir / MEDIUM),
        BIG: import_xcsp(bench_dir / BIG),
    }


def source_count(path: Path, element: str) -> int:
    return path.read_text(encoding="utf-8").count(f"<{element} ")


@pytest.mark.bench_data
@pytest.mark.parametrize("name", [MEGANE, MEDIUM, BIG])
def test_round_trip_and_counts(name: str, imported: dict[str, ImportResult], bench_dir: Path, tmp_path: Path) -> None:
    result = imported[name]
    assert result.unmapped == []
    catalog = round_trip(result, tmp_path)
    product = catalog.products[0]
    assert len(product.attribute_index) == source_count(bench_dir / name, "variable")
    assert len(product.rules) == source_count(bench_dir / name, "constraint")
    assert all(isinstance(rule, Table) for rule in product.rules)
    assert catalog.id == Path(name).stem
    assert all(o.price == 0 for a in product.attributes() for o in options(product, a.id))


@pytest.mark.bench_data
def test_megane_ids_and_names(imported: dict[str, ImportResult]) -> None:
    product = imported[MEGANE].catalog.products[0]
    first = product.attribute("1")
    assert isinstance(first, OneOf)
    assert first.label == "Var1"
    assert [o.id for o in first.options] == [str(value) for value in range(9)]
    assert [o.label for o in first.options] == ["B64", "D64", "E64", "F64", "J64", "K25", "L64", "S64", "V25"]
    assert [(o.id, o.label) for o in options(product, "33")] == [("0", "KM"), ("1", "MILES")]
    assert "37" not in product.attribute_index  # the file has no variables 37 and 38


@pytest.mark.bench_data
def test_megane_tables(imported: dict[str, ImportResult]) -> None:
    product = imported[MEGANE].catalog.products[0]
    first = product.rules[0]
    assert isinstance(first, Table)
    assert (first.id, first.attributes) == ("C0", ["1", "3", "81", "94", "95", "96", "99", "100", "101"])
    assert (
        first.message
        == "These choices are not sold together: Var1, Var3, Var81, Var94, Var95, Var96, Var99, Var100, Var101"
    )
    assert first.rows()[0] == ["0", "0", "0", "1", "3", "7", "1", "13", "6"]
    assert isinstance(first.allowed, str)
    assert len(first.rows()) == 164
    conflicts = [rule for rule in product.rules if isinstance(rule, Table) and rule.forbidden is not None]
    assert conflicts  # megane has conflicts relations too


@pytest.mark.bench_data
def test_br4cp_absent_value_is_none(imported: dict[str, ImportResult]) -> None:
    product = imported[MEDIUM].catalog.products[0]
    assert [(o.id, o.none) for o in options(product, "v7")] == [("-1", True), ("0", False)]
    assert not any(o.none for o in options(product, "v0"))
    assert [len(m.attributes) for m in product.modules] == [25, 25, 25, 25, 25, 23]


@pytest.mark.bench_data
def test_sold_configurations_agree_with_every_table(imported: dict[str, ImportResult], bench_dir: Path) -> None:
    """The first 200 configurations Renault sold fit every table, on the variables the sales file records."""
    lines = (bench_dir / "renault_br4cp/config_medium_filtered.txt").read_text().splitlines()
    header = lines[0].split()
    tables = [rule for rule in imported[MEDIUM].catalog.products[0].rules if isinstance(rule, Table)]
    for line in lines[1:201]:
        sold = dict(zip(header, line.split(), strict=True))
        for table in tables:
            covered = [i for i, name in enumerate(table.attributes) if name in sold]
            if not covered:
                continue
            wanted = [sold[table.attributes[i]] for i in covered]
            assert any([row[i] for i in covered] == wanted for row in table.rows()), (table.id, line)


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "small.xml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


SMALL = """\
<instance>
<presentation name="small" format="XCSP 2.1"/>
<domains nbDomains="2">
<domain name="D0" nbValues="3">0..2</domain>
<domain name="D1" nbValues="3" optional="-1">-1 0 5</domain>
</domains>
<variables nbVariables="2">
<variable name="a" domain="D0"/>
<variable name="b" domain="D1"/>
</variables>
<relations nbRelations="2">
<relation name="R0" arity="2" nbTuples="3" semantics="supports">0 -1|1 0|2 5|2 9</relation>
<relation name="R1" arity="2" nbTuples="1" semantics="conflicts">1 0</relation>
<relation name="W" arity="1" nbTuples="1" semantics="soft" defaultCost="1">0:0</relation>
</relations>
<predicates nbPredicates="1">
<predicate name="P0"><parameters>int X int Y</parameters>
<expression><functional>eq(X,Y)</functional></expression></predicate>
</predicates>
<constraints nbConstraints="5">
<constraint name="C0" arity="2" scope="a b" reference="R0"/>
<constraint name="C1" arity="2" scope="a b" reference="R1"/>
<constraint name="C2" arity="2" scope="a b" reference="P0"><parameters>a b</parameters></constraint>
<constraint name="C3" arity="2" scope="a b" reference="global:allDifferent"/>
<constraint name="C4" arity="1" scope="a" reference="W"/>
</constraints>
<extras/>
</instance>
"""


def test_small_model_semantics_and_notes(tmp_path: Path) -> None:
    result = import_xcsp(write(tmp_path, SMALL))
    product = result.catalog.products[0]
    assert [rule.id for rule in product.rules] == ["C0", "C1"]
    assert [o.id for o in options(product, "b")] == ["-1", "0", "5"]
    assert count_configurations(product) == 2  # (0,-1) and (2,5); (1,0) is forbidden by C1
    assert result.unmapped == [
        "line 27: element <extras> is not part of XCSP 2.1 tables; skipped",
        "line 21: constraint C0: 1 tuple(s) with values outside the domains dropped",
        "line 23: constraint C2: intension constraint (predicate P0) is not mapped; skipped",
        "line 24: constraint C3: global constraint global:allDifferent is not mapped; skipped",
        "line 25: constraint C4: relation W has 'soft' semantics (weighted), not mapped; skipped",
    ]


def test_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ModelImportError, match=r"small\.xml:4:\d+: not well-formed XML"):
        import_xcsp(write(tmp_path, "<instance>\n<domains>\n<domain name='D0'>0..2</domain>\n</variables>\n"))


def test_unknown_domain_and_bad_range(tmp_path: Path) -> None:
    body = "<instance><variables>\n<variable name='a' domain='X'/></variables></instance>"
    with pytest.raises(ModelImportError, match=r"small\.xml:2: variable a uses unknown domain X"):
        import_xcsp(write(tmp_path, body))
    body = "<instance><domains>\n<domain name='D'>0..x</domain></domains></instance>"
    with pytest.raises(ModelImportError, match=r"small\.xml:2: bad range '0\.\.x' in domain D"):
        import_xcsp(write(tmp_path, body))


def test_not_an_xcsp_file(tmp_path: Path) -> None:
    with pytest.raises(ModelImportError, match="no <variable> found"):
        import_xcsp(write(tmp_path, "<html><body/></html>"))


def test_bad_names_file(tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Var1 : A, B\nnot a names line\n")
    with pytest.raises(ModelImportError, match=r"names\.txt:2: expected 'VarN : name1, name2, \.\.\.'"):
        import_xcsp(write(tmp_path, SMALL), names=names)
