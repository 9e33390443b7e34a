"""`tailor serve`: run the web app (the demo data is the shipped catalogs)."""

from __future__ import annotations

from typing import Annotated

import typer

from app.config import get_settings


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the CLI."""

    @app.command("serve")
    def serve(
        host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
        port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
        reload: Annotated[bool, typer.Option(help="Restart on code changes (development)")] = False,
    ) -> None:
        """Start Tailor at http://127.0.0.1:8000 (API docs at /api/docs)."""
        import uvicorn

        settings = get_settings()
        uvicorn.run("app.main:app", host=host or settings.host, port=port or settings.port, reload=reload)
