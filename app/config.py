"""Settings, read once from the environment (prefix `TAILOR_`); every field has a default."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

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

    @property
    def database(self) -> str:
        """The database URL in force."""
        return self.database_url or f"sqlite:///{self.data_dir / 'tailor.db'}"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()
