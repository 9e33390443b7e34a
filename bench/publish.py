"""Publishing benchmark: time to publish a draft, time until it is compiled and serving (the worker's
compile, on a cold engine cache), and the impact of a draft on N saved configurations.

Run: `.venv/bin/python -m bench.publish [--customers N]` (Megane needs ../shared/bench beside the clone).
Everything happens in a SQLite file and an engine cache of a temporary folder of its own.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

FOLDER = Path(tempfile.mkdtemp(prefix="tailor-bench-publish-"))
os.environ.update({"TAILOR_DATA_DIR": str(FOLDER), "TAILOR_ENGINE_CACHE": str(FOLDER / "engine"),
                   "TAILOR_CATALOG_COMPILE_INLINE": "0", "TAILOR_QUEUE_NAME": "bench-publish"})  # fmt: skip

from sqlmodel import Session  # noqa: E402

from app.db import make_engine, migrate  # noqa: E402
from app.models import Account, Customer, SavedConfiguration  # noqa: E402
from app.services.catalogs.documents import document_of  # noqa: E402
from app.services.catalogs.impact import PAGE_SIZE, draft_impact  # noqa: E402
from app.services.catalogs.in_force import version_in_force  # noqa: E402
from app.services.catalogs.publishing import publish_version  # noqa: E402
from app.services.catalogs.shelf import seed_catalogs  # noqa: E402
from app.services.catalogs.versions import create_draft, edit_draft, version_by_id, version_of  # noqa: E402
from app.services.catalogs.warming import warm_version  # noqa: E402


def author(session: Session) -> int:
    person = Customer(name="bench manager")
    session.add(person)
    session.flush()
    account = Account(customer_id=person.id or 0, email="bench@example.com", password_hash="x", role="catalog_manager")
    session.add(account)
    session.commit()
    return account.id or 0


def publish_and_compile(session: Session, catalog_id: str, document: dict[str, Any], who: int) -> list[Any]:
    """Publish a draft of `document`; seconds to publish, seconds to compiled, serving, products."""
    draft = create_draft(session=session, catalog_id=catalog_id, document=document)
    started = time.perf_counter()
    version = publish_version(session=session, version_id=draft.id or 0, author_id=who).version
    published = time.perf_counter() - started
    done = warm_version(session=session, catalog_id=catalog_id, number=version.number)
    compiled = time.perf_counter() - started
    serving = version_in_force(session=session, catalog_id=catalog_id)
    return [catalog_id, f"{published:.3f}", f"{compiled:.2f}", serving is not None and serving.number == version.number,
            len(done)]  # fmt: skip


def impact_case(session: Session, customers: int) -> list[str]:
    """A jeans draft that breaks half of `customers` saved configurations and reprices the rest."""
    for index in range(customers):
        person = Customer(name=f"customer {index}", tier="grow")
        session.add(person)
        session.flush()
        choices = {"fit": "relaxed", "addons": ["reinforced_knees"]} if index % 2 else {"fit": "classic"}
        session.add(SavedConfiguration(share_code=f"b{index}", resume_hash=f"r{index}", customer_id=person.id,
                                       catalog_id="jeans", catalog_version="1", product_id="jeans",
                                       choices=choices))  # fmt: skip
    session.commit()
    draft = create_draft(session=session, catalog_id="jeans")
    document = version_by_id(session=session, version_id=draft.id or 0).document
    document["products"][0]["base_price"] = 9100
    for rule in document["products"][0].get("rules", []):
        if rule["id"] == "knees_need_roomy_fit":
            rule["then"]["in"] = ["classic", "straight"]
    edit_draft(session=session, version_id=draft.id or 0, document=document)
    started = time.perf_counter()
    first = draft_impact(session=session, version_id=draft.id or 0, page=1)
    one_page = time.perf_counter() - started
    lines = sum(len(c.lines) for c in first.customers)
    for page in range(2, first.pages + 1):
        draft_impact(session=session, version_id=draft.id or 0, page=page)
    every = time.perf_counter() - started
    return [str(customers), str(first.pages), f"{one_page:.2f}", f"{every:.2f}", str(lines)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=200)
    args = parser.parse_args()
    engine = make_engine(f"sqlite:///{FOLDER / 'tailor.db'}")
    migrate(engine)
    console = Console()
    publishing = Table("catalog", "publish (s)", "compiled and serving (s)", "serving", "products compiled",
                       title="Publish, then the worker's compile (cold engine cache)")  # fmt: skip
    with Session(engine) as session:
        seed_catalogs(session=session)
        who = author(session)
        jeans = dict(version_by_id(session=session, version_id=version_in_force_id(session, "jeans")).document)
        jeans["version"] = "bench"
        publishing.add_row(*map(str, publish_and_compile(session, "jeans", jeans, who)))
        try:
            from bench.catalogs import import_benchmark

            megane = document_of(import_benchmark("megane").catalog)
            publishing.add_row(*map(str, publish_and_compile(session, megane["id"], megane, who)))
        except (FileNotFoundError, KeyError) as missing:
            console.print(f"Megane skipped: {missing}")
        console.print(publishing)
        impact = Table("saved configurations", "pages", f"first page ({PAGE_SIZE} customers) s", "every page s",
                       "lines changed on page 1", title="Impact of a jeans draft")  # fmt: skip
        impact.add_row(*impact_case(session, args.customers))
        console.print(impact)


def version_in_force_id(session: Session, catalog_id: str) -> int:
    found = version_in_force(session=session, catalog_id=catalog_id)
    assert found is not None
    return version_of(session=session, catalog_id=catalog_id, number=found.number).id or 0


if __name__ == "__main__":
    main()
