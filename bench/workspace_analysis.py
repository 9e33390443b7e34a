"""Workspace benchmark: the live analysis and the diff through their services, on a fresh SQLite database.

Run: `.venv/bin/python -m bench.workspace_analysis [--skip automotive01]` (Megane and automotive01 need
../shared/bench beside the clone). Each case: the request after an edit (a small catalog is analysed
in it; a large one is only claimed for the worker), the worker's run (`analyse_stored` / `diff_stored`,
the part the queue runs) with the progress rows it wrote, and the request again (answered from the
stored result, the same for every worker). Engine cache and database are fresh, so compiling counts.
"""

from __future__ import annotations

import argparse
import copy
import os
import tempfile
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

console = Console(highlight=False)


def _setup() -> None:
    """A fresh data folder (SQLite database, job queue) and engine cache, before the app is imported."""
    os.environ["TAILOR_DATA_DIR"] = tempfile.mkdtemp(prefix="tailor-bench-data-")
    os.environ["TAILOR_ENGINE_CACHE"] = tempfile.mkdtemp(prefix="tailor-bench-cache-")
    os.environ.pop("TAILOR_DATABASE_URL", None)


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds a call took, and its answer."""
    started = time.perf_counter()
    answer = call()
    return time.perf_counter() - started, answer


def repriced(document: dict[str, Any]) -> dict[str, Any]:
    """A draft of a benchmark model: its first option with a price of 10.00."""
    edited = copy.deepcopy(document)
    for module in edited["products"][0]["modules"]:
        for attribute in module["attributes"]:
            if attribute.get("options"):
                attribute["options"][0]["price"] = 1000
                return edited
    return edited


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip", nargs="*", default=[])
    args = parser.parse_args()
    _setup()
    from sqlmodel import Session, select

    import app.services.catalogs.analyses as analyses
    import app.services.catalogs.diffs as diffs
    from app.db import get_engine, migrate
    from app.models import AnalysisRun
    from app.services.catalogs.analyses import analyse_stored, version_analysis
    from app.services.catalogs.diffs import diff_stored, version_diff
    from app.services.catalogs.documents import document_of
    from app.services.catalogs.shelf import seed_catalogs
    from app.services.catalogs.versions import create_draft, edit_draft, latest_version, publish
    from bench.catalogs import BENCH, import_benchmark
    from tests.services.catalogs.jeans_drafts import with_dead_wash

    migrate()
    table = Table("case", "target", "request s", "worker s", "progress rows", "again s", "result")
    with Session(get_engine()) as session:
        seed_catalogs(session=session)
        progress = [0]

        def count_progress(run: Callable[..., None]) -> Callable[..., None]:
            def counted(**kwargs: Any) -> None:
                import app.services.catalogs.runs as runs

                real = runs.record_progress

                def spy(**inner: Any) -> None:
                    progress[0] += 1
                    real(**inner)

                analyses.record_progress = spy  # type: ignore[attr-defined]
                diffs.record_progress = spy  # type: ignore[attr-defined]
                run(**kwargs)

            return counted

        def case(name: str, target: str, catalog_id: str, document: dict[str, Any]) -> int:
            draft = create_draft(session=session, catalog_id=catalog_id)
            draft = edit_draft(session=session, version_id=draft.id or 0, document=document)
            asked, found = timed(lambda: version_analysis(session=session, version_id=draft.id or 0))
            worker, rows = 0.0, 0
            if found.run.status == "running":
                run = session.exec(select(AnalysisRun).where(AnalysisRun.key == draft.content_hash)).one()
                progress[0] = 0
                worker, _ = timed(lambda: count_progress(analyse_stored)(session=session, run_id=run.id or 0))
                rows = progress[0]
            again, found = timed(lambda: version_analysis(session=session, version_id=draft.id or 0))
            analysis = found.analysis
            said = found.run.status if analysis is None else f"{len(analysis.findings())} findings, "
            said += "" if analysis is None else f"{len(analysis.not_computed())} parts not computed"
            table.add_row(name, target, f"{asked:.2f}", f"{worker:.2f}" if worker else "-", str(rows or "-"),
                          f"{again:.3f}", said)  # fmt: skip
            return draft.number

        def diff_case(name: str, catalog_id: str, before: int, after: int) -> None:
            asked, found = timed(
                lambda: version_diff(session=session, catalog_id=catalog_id, before=before, after=after)
            )
            worker, rows = 0.0, 0
            if found.run.status == "running":
                run = session.exec(select(AnalysisRun).where(AnalysisRun.kind == "diff",
                                                              AnalysisRun.catalog_id == catalog_id)).one()  # fmt: skip
                progress[0] = 0
                worker, _ = timed(lambda: count_progress(diff_stored)(session=session, run_id=run.id or 0))
                rows = progress[0]
            again, found = timed(
                lambda: version_diff(session=session, catalog_id=catalog_id, before=before, after=after)
            )
            diff = found.diff
            groups = [g for p in diff.products for g in p.groups] if diff else []
            said = found.run.status
            if diff is not None:
                removed, added = sum(g.removed or 0 for g in groups), sum(g.added or 0 for g in groups)
                said = f"{len(diff.changes)} changes, {len(diff.prices)} prices, -{removed:,} / +{added:,}"
                said += f" over {len(groups)} groups"
            table.add_row(name, "", f"{asked:.2f}", f"{worker:.2f}" if worker else "-", str(rows or "-"),
                          f"{again:.3f}", said)  # fmt: skip

        jeans = with_dead_wash(latest_version(session=session, catalog_id="jeans").document)
        number = case("jeans draft after an edit (in the request)", "<= 1 s", "jeans", jeans)
        diff_case("diff jeans v1 vs the edited draft", "jeans", 1, number)
        for name in ("megane", "automotive01"):
            if name in args.skip:
                continue
            if not BENCH.is_dir():
                table.add_row(name, "", "missing ../shared/bench")
                continue
            document = document_of(import_benchmark(name).catalog)
            first = publish(session=session, catalog_id=document["id"], document=document)
            target = "<= 15 s, progress" if name == "megane" else "background"
            number = case(f"{name} draft after an edit (worker)", target, document["id"], repriced(document))
            if name == "megane":
                diff_case("diff megane v1 vs a repriced draft", document["id"], first.number, number)
    console.print(table)


if __name__ == "__main__":
    main()
