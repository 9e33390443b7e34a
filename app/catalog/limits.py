"""Limits on what a catalog file or an imported model may hold, so that any file answers in seconds.

Every file, however hostile, is read within bounded time and memory: each limit is checked where
the input is read, before anything is built from it (a domain is counted, never expanded, to be
refused), and a file past a limit gets an error that names the limit and where it was passed.
Depth limits are counted explicitly by the readers; nothing relies on catching `RecursionError`.

The shipped catalogs and the benchmark models (Renault Megane and big, automotive01 with 2,500
features) sit far inside every limit.
"""

from __future__ import annotations

from pathlib import Path

# Files -------------------------------------------------------------------------------------

MAX_FILE_BYTES = 32 * 2**20
"""A catalog file, XCSP or FeatureIDE model: 32 MiB (the Renault big model is 4.4 MB as YAML)."""

MAX_UVL_BYTES = 2**20
"""A UVL model: 1 MiB. The pure-Python ANTLR parser reads about 25 KB a second; automotive01
(430 KB, among the largest published models) takes some 17 s."""

# Documents (YAML and JSON) ----------------------------------------------------------------

MAX_NESTING = 100
"""Levels of mappings and lists inside one document. It is at least 10 + 2 × MAX_DEPTH, so any
catalog an importer writes (conditions of up to MAX_DEPTH levels in a rule) reads back."""

MAX_ALIASES = 1_000
"""YAML aliases (`*name`) in one document."""

MAX_NODES = 1_000_000
"""Values (scalars, lists, mappings) in one document once every alias is expanded: a billion
laughs alias bomb passes it after a few levels of expansion, and is refused there."""

# Models: trees and formulas ---------------------------------------------------------------

MAX_DEPTH = 40
"""Levels of a feature tree, of a formula (parentheses, negations, operators) and of a condition
built from a formula (automotive01: 13 feature levels, formulas of 2)."""

MAX_FORMULA_ATOMS = 10_000
"""Feature references in one formula once `<=>` and `=>` are written as and/or (each `<=>`
doubles its operands, so nested ones grow exponentially)."""

# Catalog contents -------------------------------------------------------------------------

MAX_DOMAIN = 100_000
"""Values of one attribute: options of a one-of or many-of, numbers of a numeric attribute
((max − min) / step + 1), values of an XCSP domain."""

MAX_ATTRIBUTES = 10_000
"""Attributes of one product (automotive01 has about 800)."""

MAX_PRODUCT_VALUES = 1_000_000
"""Values of all the attributes of one product together: what the engine builds variables for."""

MAX_PRICE = 10**9
"""Largest price, cost, fee or price line, in minor units (10,000,000.00 in a two-decimal
currency). A configuration has at most 1 + MAX_PRODUCT_VALUES lines, so a unit total stays
below 10^15 and even 9,000 units of it stay inside a signed 64-bit integer."""

MAX_NUMBER = 10**9
"""Largest magnitude of a number in a catalog: numeric attribute bounds and steps, properties,
coefficients, bounds of linear rules and of conditions."""

MAX_DECIMALS = 6
"""Decimal places of a number in a catalog: linear rules are scaled to integers by at most 10^6,
so a weight stays within 10^15."""


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path`, reading at most `limit` + 1 (raises `FileTooLargeError` past it).

    Reading a bounded amount, rather than trusting the size the file system reports, also keeps
    devices and pipes (`/dev/zero`) from filling memory.
    """
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileTooLargeError(limit)
    return data


class FileTooLargeError(Exception):
    """A file larger than the limit it is read under."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"file larger than {limit:,} bytes (limit {limit // 2**20} MiB)")
        self.limit = limit
