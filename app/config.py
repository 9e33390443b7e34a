"""Settings, read once from the environment (prefix `TAILOR_`); every field has a default."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """Where Tailor finds its catalogs and data, and how it serves them."""

    model_config = SettingsConfigDict(env_prefix="TAILOR_")

    catalog_dir: Path = ROOT / "catalog"
    templates_dir: Path = ROOT / "templates"
    static_dir: Path = ROOT / "app" / "static"
    host: str = "127.0.0.1"
    port: int = 8000
    default_locale: str = "en"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()
