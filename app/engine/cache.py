"""The on-disk cache of compiled products, keyed by the content hash of the catalog version.

One `.npz` file per (catalog content, product, engine format): the diagram and every
constraint's local diagram, or, when the compile ran past its budget, the local diagrams,
the circuit when d4 compiled one, the budgets that were tried and why each form failed (so
later requests do not compile again unless they allow a bigger budget: more nodes, or more
seconds when it was the clock that ended the compile). Files are written to a temporary name
and renamed, so readers never see half a file; a lock file makes a second worker wait for the
first one's compile instead of compiling the same catalog again.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.catalog.model import Catalog
from app.engine.circuit import Circuit
from app.engine.mdd import Mdd

FORMAT = "tailor-engine-7"
"""Bump when the problem translation or the file layout changes: old files are then ignored."""


def default_folder() -> Path:
    """`TAILOR_ENGINE_CACHE`, else `~/.cache/tailor/engine`."""
    configured = os.environ.get("TAILOR_ENGINE_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tailor" / "engine"


def content_key(catalog: Catalog, product_id: str) -> str:
    """The hash naming a catalog version's product in the cache."""
    digest = hashlib.sha256()
    for part in (FORMAT, product_id, catalog.model_dump_json()):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


@dataclass
class Entry:
    """What the cache holds for one key: the diagram (None when too hard), the local diagrams, the circuit."""

    mdd: Mdd | None
    locals: list[Mdd]
    budget_seconds: float
    circuit: Circuit | None = None
    circuit_seconds: float = 0.0
    budget_nodes: int = 0
    """The node budget the diagram was compiled (or tried) with."""
    budget_reordering: int = 0
    """The reordering budget the diagram was compiled (or tried) with."""
    cut_short: bool = False
    """True when the diagram's safety-net time limit, not its node budget, ended its compile."""
    fallback: str = ""
    """Why there is no diagram (and, when there is none, no circuit), in words; empty with a diagram."""


class Cache:
    """A folder of compiled products."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()

    def path(self, key: str) -> Path:
        """The file of one key."""
        return self.folder / f"{key}.npz"

    def read(self, key: str) -> Entry | None:
        """The entry of `key`, or None when there is none (or it cannot be read)."""
        path = self.path(key)
        if not path.is_file():
            return None
        try:
            with np.load(path) as data:
                arrays = dict(data)
        except (OSError, ValueError):
            return None
        mdd = Mdd.from_arrays(arrays, "main_") if "main_nodes" in arrays else None
        count = int(arrays["constraints"][0])
        locals_ = [Mdd.from_arrays(arrays, f"c{k}_") for k in range(count)]
        circuit = Circuit.from_arrays(arrays, "circuit_") if "circuit_kind" in arrays else None
        try:
            seconds, circuit_seconds, nodes, reordering, cut_short = arrays["budget"].tolist()
            fallback = str(arrays["fallback"][0])
        except (KeyError, ValueError):
            return None  # a file of another layout: compiled again
        return Entry(
            mdd, locals_, seconds, circuit, circuit_seconds, int(nodes), int(reordering), bool(cut_short), fallback
        )

    def write(self, key: str, entry: Entry) -> None:
        """Store `entry` under `key` (atomically)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tried = [entry.budget_seconds, entry.circuit_seconds, entry.budget_nodes, entry.budget_reordering]
        budget = np.array([*tried, entry.cut_short])
        arrays = {"constraints": np.array([len(entry.locals)]), "budget": budget}
        arrays["fallback"] = np.array([entry.fallback])
        if entry.mdd is not None:
            arrays.update(entry.mdd.arrays("main_"))
        if entry.circuit is not None:
            arrays.update(entry.circuit.arrays("circuit_"))
        for k, local in enumerate(entry.locals):
            arrays.update(local.arrays(f"c{k}_"))
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{key}.", suffix=".npz")
        try:
            with os.fdopen(handle, "wb") as stream:
                np.savez(stream, **arrays)  # type: ignore[arg-type]
            os.replace(temporary, self.path(key))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """Hold the key's lock: one compile per key at a time, across processes."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / f"{key}.lock", "a+b") as stream:
            fcntl.flock(stream, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(stream, fcntl.LOCK_UN)
