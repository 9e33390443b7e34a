"""Background jobs on huey: one queue per process, its tasks, and the worker that runs them.

The queue is an SQLite file in `data_dir` by default (no server), or Redis when
`TAILOR_QUEUE_URL=redis://host:6379/0`. Every task is registered in `app.jobs.tasks`; call one
on `get_jobs()` to enqueue it (`get_jobs().deliver_outbox()`). `tailor worker` runs them.
"""

from app.jobs.tasks import Jobs, get_jobs, make_jobs

__all__ = ["Jobs", "get_jobs", "make_jobs"]
