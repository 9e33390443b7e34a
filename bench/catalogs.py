"""Catalog benchmark: import, write and load every benchmark model; load every shipped catalog.

Run: `.venv/bin/python -m bench.catalogs` (needs ../shared/bench beside the clone).
Prints one row per file: attributes, options, rules, seconds to import, write and load, size.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from app.catalog import Catalog, load_catalog
from app.catalog.importers import ImportResult, import_model
from app.catalog.summary import summarize
from app.catalog.writer import dump_catalog

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
MODELS: dict[str, tuple[str, str, str | None]] = {
    "megane": ("xcsp", "renault/megane.xml", "renault/renault_domains_named.txt"),
    "br4cp-medium": ("xcsp", "renault_br4cp/medium_domainsorted.xml", None),
    "br4cp-big": ("xcsp", "renault_br4cp/big_domainsorted.xml", None),
    "truck": ("uvl", "feature_models/Truck.uvl", None),
    "jhipster": ("uvl", "feature_models/JHipster.uvl", None),
    "pc": ("uvl", "feature_models/pc-richmond/Sprey2020.uvl", None),
    "eshop": ("uvl", "feature_models/e_shop/Lau2006.uvl", None),
    "automotive01": ("uvl", "feature_models/automotive01/Kowal2016.uvl", None),
    "pc-prices": ("featureide", "feature_models/pc-richmond/Sprey2020.xml", None),
}
"""The benchmark models by name: format, file, and the value-names file (Megane), under ../shared/bench."""


def import_benchmark(name: str, folder: Path = BENCH) -> ImportResult:
    """Import one benchmark model from `folder` (../shared/bench)."""
    format_, path, names = MODELS[name]
    return import_model(format_, folder / path, names=folder / names if names else None)


def counts(catalog: Catalog) -> tuple[int, int, int]:
    """Attributes, options (numeric values included) and rules of the first product."""
    row = summarize(catalog)["products"][0]
    return row["attributes"], row["options"], row["rules"]


def main() -> None:
    """Print the table."""
    table = Table("file", "attributes", "options", "rules", "import s", "write s", "load s", "size kB")
    with tempfile.TemporaryDirectory() as folder:
        for name, (_, model, _) in MODELS.items():
            source = BENCH / model
            if not source.is_file():
                table.add_row(model, "missing")
                continue
            started = time.perf_counter()
            result = import_benchmark(name)
            imported = time.perf_counter()
            text = dump_catalog(result.catalog)
            written = time.perf_counter()
            target = Path(folder) / f"{source.stem}.yaml"
            target.write_text(text, encoding="utf-8")
            loaded_at = time.perf_counter()
            catalog = load_catalog(target)
            done = time.perf_counter()
            table.add_row(
                model,
                *map(str, counts(catalog)),
                f"{imported - started:.2f}",
                f"{written - imported:.2f}",
                f"{done - loaded_at:.2f}",
                f"{len(text) / 1000:.0f}",
            )
    for path in sorted((ROOT / "catalog").glob("*.yaml")):
        started = time.perf_counter()
        catalog = load_catalog(path)
        elapsed = time.perf_counter() - started
        table.add_row(
            f"catalog/{path.name}",
            *map(str, counts(catalog)),
            "",
            "",
            f"{elapsed:.2f}",
            f"{path.stat().st_size / 1000:.0f}",
        )
    Console(width=150).print(table)


if __name__ == "__main__":
    main()
