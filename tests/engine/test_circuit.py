"""The d4 circuit: parsing, counting and valid values against the diagram, the cache, its limits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from app.catalog import load_catalog_text
from app.catalog.attributes import ManyOf
from app.catalog.evaluate import Choices
from app.engine.cache import Cache
from app.engine.circuit import CircuitError
from app.engine.cnf import Cnf, CnfEncoder
from app.engine.d4 import compile_circuit
from app.engine.engine import Engine
from app.engine.nnf import parse_nnf
from tests.catalog.test_evaluate import CATALOG
from tests.engine.clock import loaded

ON = date(2026, 6, 1)
SMALL = load_catalog_text(CATALOG)


def test_parse_nnf_counts_a_hand_made_circuit() -> None:
    # x1 in {a, b} (literals 1, 2), exactly one: the circuit "1 and not 2, or 2 and not 1".
    cnf = Cnf(clauses=[[1, 2], [-1, -2]], value_lit=[[1, 2]], activation=[], top=2)
    circuit = parse_nnf("o 1 0\nt 2 0\n1 2 1 -2 0\n1 2 -1 2 0\n", cnf, [2])
    assert circuit.count([None]) == 2
    assert circuit.count([np.array([True, False])]) == 1
    assert circuit.valid_values([None])[0].tolist() == [True, True]
    # a variable's own mask is not applied to it (what it could switch to)
    assert circuit.valid_values([np.array([False, True])])[0].tolist() == [True, True]


def test_parse_nnf_names_the_bad_line() -> None:
    cnf = Cnf(value_lit=[[1]], top=1)
    with pytest.raises(CircuitError, match="line 2"):
        parse_nnf("o 1 0\nnonsense\n", cnf, [1])


def test_circuit_agrees_with_the_diagram_on_every_single_choice(tmp_path: Path) -> None:
    diagram = Engine.open(SMALL, cache=Cache(tmp_path))
    circuit = Engine.open(SMALL, cache=Cache(tmp_path), method="circuit")
    assert (diagram.method, circuit.method) == ("diagram", "circuit")
    for tier in ("retain", "ordinary"):
        for attribute in diagram.product.attributes():
            for option in diagram.options({}, {"tier": tier}, ON).valid[attribute.id]:
                choice: Choices = {attribute.id: [str(option)] if isinstance(attribute, ManyOf) else option}
                expected = diagram.options(choice, {"tier": tier}, ON)
                with loaded(0.02):  # as on a loaded machine, where this once failed: reasons ran out of time
                    found = circuit.options(choice, {"tier": tier}, ON)
                assert found.narrowed == []
                assert found.count == expected.count
                assert found.valid == expected.valid
                assert found.excluded == expected.excluded


def test_circuit_is_cached_beside_the_diagram(tmp_path: Path) -> None:
    first = Engine.open(SMALL, cache=Cache(tmp_path), method="circuit")
    again = Engine.open(SMALL, cache=Cache(tmp_path), method="circuit")
    assert first.compile_seconds is not None
    assert again.compile_seconds is None
    assert again.method == "circuit"
    assert again.count({}, {"tier": "retain"}, ON).count == first.count({}, {"tier": "retain"}, ON).count


def test_a_circuit_past_its_limits_is_an_error() -> None:
    engine = Engine.open(SMALL, method="search")
    sizes = [len(variable.values) for variable in engine.problem.variables]
    cnf = CnfEncoder(engine.problem, [local.mdd for local in engine.locals]).encode()
    with pytest.raises(CircuitError, match="cut short by its 0 s time limit"):
        compile_circuit(cnf, sizes, seconds=0)
    with pytest.raises(CircuitError, match="failed"):
        compile_circuit(cnf, sizes, seconds=60, memory=1 << 20)
