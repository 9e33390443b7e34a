"""The worker: huey's consumer run in this process, with the outbox sweep every few seconds."""

from __future__ import annotations

from huey.consumer import Consumer, Scheduler  # type: ignore[import-untyped]

from app.jobs.tasks import Jobs

POLL_SECONDS = 1.0
"""Longest wait between two looks at an SQLite queue when it is empty (Redis wakes the worker at once)."""


def make_consumer(jobs: Jobs, *, threads: int, sweep_seconds: int) -> Consumer:
    """huey's consumer of `jobs` with `threads` worker threads, checking periodic tasks every `sweep_seconds`.

    huey's scheduler looks at periodic tasks once a minute (cron's granularity); the outbox sweep
    wants seconds, so the consumer gets a scheduler that looks every `sweep_seconds` (every
    periodic task here says yes to every look).
    """
    scheduler = type("SweepScheduler", (Scheduler,), {"periodic_task_seconds": sweep_seconds})
    consumer = type("TailorConsumer", (Consumer,), {"scheduler_class": scheduler})
    return consumer(jobs.huey, workers=threads, worker_type="thread", periodic=True, max_delay=POLL_SECONDS)


def run_worker(jobs: Jobs, *, threads: int, sweep_seconds: int) -> None:
    """Run the jobs in this process until SIGINT (finishing what runs) or SIGTERM (at once)."""
    make_consumer(jobs, threads=threads, sweep_seconds=sweep_seconds).run()
