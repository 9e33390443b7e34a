"""Settings, read once from the environment (prefix `TAILOR_`); every field has a default."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]


def _data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "tailor"


class Settings(BaseSettings):
    """Where Tailor finds its catalogs and data, and how it serves them."""

    model_config = SettingsConfigDict(env_prefix="TAILOR_")

    catalog_dir: Path = ROOT / "catalog"
    templates_dir: Path = ROOT / "templates"
    static_dir: Path = ROOT / "app" / "static"
    vendor_dir: Path = ROOT / ".venv" / "web" / "node_modules" / "htmx.org" / "dist"
    """htmx as `make install` put it there from the npm registry (pages work without it)."""
    host: str = "127.0.0.1"
    port: int = 8000
    default_locale: str = "en"
    data_dir: Path = _data_dir()
    secret_key: str = ""
    """Signs CSRF tokens; empty means `data_dir/secret.key`, created on first use."""
    database_url: str = ""
    """SQLAlchemy URL; empty means the SQLite file `data_dir/tailor.db`. PostgreSQL:
    `postgresql+psycopg://user@host:5432/name`."""
    queue_url: str = ""
    """Where background jobs wait (huey): empty means the SQLite file `data_dir/jobs.db`, no server;
    `redis://host:6379/0` means Redis."""
    queue_name: str = "tailor"
    """The queue's name within its store (several Tailors can share one Redis by name)."""
    worker_threads: int = 2
    """Jobs `tailor worker` runs at once."""
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_username: str = ""
    """Empty: no SMTP login."""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    smtp_timeout: float = 30.0
    """Seconds one SMTP connection or command may take."""
    mail_sender: str = "Tailor <no-reply@tailor.localhost>"
    outbox_max_attempts: int = 8
    """Tries before the outbox gives a message up (`failed_at`)."""
    outbox_retry_seconds: int = 30
    """Wait after the first failed try; it doubles with every further one (up to a day)."""
    outbox_sweep_seconds: int = 5
    """How often the worker looks for due messages an enqueue missed or a retry waits on."""

    public_url: str = "http://127.0.0.1:8000"
    """Where customers reach this instance: the links in e-mails start with it (never taken from a request's
    Host header, which anyone can forge)."""
    db_pool_size: int = 20
    """Database connections per worker process; the thread pool that runs requests has as many threads."""
    max_body_bytes: int = 1_048_576
    """Largest request body accepted (413 above it)."""

    catalog_second_approver: bool = False
    """Publishing a draft asks another catalog manager to approve it first (never the same account)."""
    catalog_compile_inline: bool = False
    """Compile a published version in the publishing process instead of the worker (tests, one-process setups)."""
    catalog_compile_grace_seconds: int = 900
    """A version in force whose compile has not finished after this long is served anyway (it then compiles
    on the first page that asks), so nothing stays unserved when no worker runs."""
    notice_batch: int = 200
    """Customers looked at per step when telling them about a version that came into force."""

    @property
    def database(self) -> str:
        """The database URL in force."""
        return self.database_url or f"sqlite:///{self.data_dir / 'tailor.db'}"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()
