"""`tailor serve`: apply migrations, load the demo population when asked (into an empty database), run the app
with the worker beside it (and, for the demo, a local mail sink when nothing listens on the SMTP port)."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from sqlmodel import Session

from app.config import get_settings


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the CLI."""

    @app.command("serve")
    def serve(
        host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
        port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
        reload: Annotated[bool, typer.Option(help="Restart on code changes (development)")] = False,
        demo: Annotated[
            bool,
            typer.Option(
                help="Load the demo customers into an empty database; e-mail to a local sink if no SMTP server runs"
            ),
        ] = False,
        worker: Annotated[
            bool, typer.Option("--worker/--no-worker", help="Run the worker (background jobs, e-mail) beside it")
        ] = True,
    ) -> None:
        """Start Tailor at http://127.0.0.1:8000 (API docs at /api/docs)."""
        import uvicorn

        from app.cli.children import beside_the_server
        from app.cli.output import console
        from app.db import migrate

        settings = get_settings()
        migrate()
        seed_catalog_folder(console)
        if demo:
            load_demo_population(console)
        with beside_the_server(worker=worker, mail_sink=demo) as started:
            if started:
                console.print(f"started {' and '.join(started)}")
            uvicorn.run("app.main:app", host=host or settings.host, port=port or settings.port, reload=reload)


def seed_catalog_folder(console: object) -> None:
    """Import the catalog folder as the first published versions of an empty database (a no-op otherwise)."""
    from rich.console import Console

    from app.db import get_engine
    from app.services.catalogs.shelf import seed_catalogs

    assert isinstance(console, Console)
    with Session(get_engine()) as session:
        written = seed_catalogs(session=session)
    if written:
        console.print(f"catalogs: {written} imported from {get_settings().catalog_dir} as their first versions")


def load_demo_population(console: object) -> None:
    """Write the demo population and its tiers into an empty database (a no-op otherwise)."""
    from rich.console import Console

    from app.db import get_engine
    from app.demo.population import load_demo
    from app.services.catalogs.shelf import load_shelf
    from app.services.customers.value import recompute

    assert isinstance(console, Console)
    started = time.perf_counter()
    with Session(get_engine()) as session:
        written = load_demo(session=session, catalogs=list(load_shelf(get_settings().catalog_dir).catalogs))
        if written:
            recompute(session=session)
            console.print(
                f"demo data: {written:,} customers with their orders, in {time.perf_counter() - started:.1f} s"
            )
