"""The d4 compile in a child process with a memory limit (`circuit_child` runs inside it).

d4 cannot be interrupted and on some catalogs (Renault Megane, on plain clauses) grows without
bound. The memory limit is the budget that decides (d4 uses the same memory for the same clauses
on any machine); the time limit is only a safety net, and its error says it cut the compile short.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from app.engine.circuit import Circuit, CircuitError
from app.engine.cnf import Cnf
from app.engine.nnf import parse_nnf

MEMORY = 4 << 30
"""Bytes the compiling child process may use."""


def compile_circuit(cnf: Cnf, domain_sizes: list[int], seconds: float, memory: int = MEMORY) -> Circuit:
    """Compile the clauses (every constraint on) with d4 in a child process; CircuitError past the limits."""
    with tempfile.TemporaryDirectory(prefix="tailor-d4-") as folder:
        source, target = Path(folder) / "problem.cnf", Path(folder) / "circuit.nnf"
        clauses = [*cnf.clauses, *([lit] for lit in cnf.activation)]
        with source.open("w") as stream:
            stream.write(f"p cnf {cnf.top} {len(clauses)}\n")
            stream.writelines(" ".join(map(str, clause)) + " 0\n" for clause in clauses)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "app.engine.circuit_child", str(source), str(target)],
                capture_output=True,
                timeout=seconds,
                preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (memory, memory)),
                env={**os.environ, "PYTHONPATH": _root()},
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise CircuitError(
                "the circuit compile was cut short by its {seconds:g} s time limit", seconds=seconds
            ) from error
        if done.returncode != 0 or not target.is_file():
            detail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise CircuitError("circuit compile failed: {detail}", detail=detail[0])
        lines = target.read_text().split("\n", 1)
    expected = int(lines[0])
    circuit = parse_nnf(lines[1] if len(lines) > 1 else "", cnf, domain_sizes)
    if circuit.count([None] * len(domain_sizes)) != expected:
        raise CircuitError("circuit is not smooth over the value literals; its counts would be wrong")
    return circuit


def _root() -> str:
    return str(Path(__file__).resolve().parents[2])
