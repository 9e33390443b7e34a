"""`tailor worker` (background jobs: the outbox's e-mail) and `tailor mail-sink` (a development mail server)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from app.config import get_settings


def register(app: typer.Typer) -> None:
    """Add the `worker` and `mail-sink` commands to the CLI."""

    @app.command("worker")
    def worker(
        threads: Annotated[int | None, typer.Option(help="Jobs run at once (default TAILOR_WORKER_THREADS)")] = None,
    ) -> None:
        """Run background jobs until Ctrl+C: deliver the outbox's e-mail over SMTP."""
        from app.cli.output import console
        from app.jobs import get_jobs
        from app.jobs.queue import describe_queue
        from app.jobs.worker import run_worker

        settings = get_settings()
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("huey").setLevel(logging.WARNING)  # huey says INFO for every task it runs
        console.print(
            f"worker: jobs from {describe_queue(settings.queue_url, settings.data_dir)}, e-mail to "
            f"{settings.smtp_host}:{settings.smtp_port}, outbox swept every {settings.outbox_sweep_seconds} s",
            soft_wrap=True,
        )
        run_worker(get_jobs(), threads=threads or settings.worker_threads, sweep_seconds=settings.outbox_sweep_seconds)

    @app.command("mail-sink")
    def mail_sink(
        host: Annotated[str | None, typer.Option(help="Address to listen on (default TAILOR_SMTP_HOST)")] = None,
        port: Annotated[int | None, typer.Option(help="Port to listen on (default TAILOR_SMTP_PORT)")] = None,
        folder: Annotated[Path | None, typer.Option(help="Where to save each e-mail (default DATA_DIR/mail)")] = None,
    ) -> None:
        """Development mail server: keep each e-mail as an .eml file, print who it is for and where it is."""
        from app.cli.output import console, fail
        from app.mail.sink import listening, run_sink

        settings = get_settings()
        host, port = host or settings.smtp_host, port or settings.smtp_port
        folder = folder or settings.data_dir / "mail"
        if listening(host, port):
            fail(f"something already listens on {host}:{port}")
        console.print(f"mail sink on {host}:{port}: each e-mail is saved under {folder}", soft_wrap=True)

        def announce(line: str) -> None:
            console.print(line, markup=False, soft_wrap=True)

        run_sink(host=host, port=port, folder=folder, announce=announce)
