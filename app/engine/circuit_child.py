"""The child process of `d4.compile_circuit`: `python -m app.engine.circuit_child IN.cnf OUT.nnf`.

Compiles the DIMACS clauses with d4 and writes the model count on the first line, then the
circuit in d4's NNF text. Kept apart so a compile that runs away can be killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import py_d4

FIRST_PAGE = 64 << 20
"""Bytes of d4's first clause-cache page (its default, 4 GiB, is more than the child may use)."""


def main(source: str, target: str) -> None:
    """Compile `source` into `target`."""
    options = py_d4.dump_options_to_dict(py_d4.Solver(str(source)).getOptions())
    options["cache"]["bucket"]["sizeFirstPage"] = str(FIRST_PAGE)
    options["cache"]["bucket"]["sizeAdditionalPage"] = str(FIRST_PAGE)
    solver = py_d4.Solver(str(source), py_d4.load_options_from_dict(options))
    result = solver.compile()
    count = result.count([])
    Path(target).write_text(f"{count}\n{result.getNNFString()}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
