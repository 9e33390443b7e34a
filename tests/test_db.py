"""Migrations build exactly the tables the models declare, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from app.db import downgrade, migrate


def test_migrations_match_the_models(db: Engine) -> None:
    with db.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_migrations_go_down_and_up_again(db: Engine) -> None:
    downgrade(db, "base")
    assert set(inspect(db).get_table_names()) <= {"alembic_version"}
    migrate(db)
    assert set(SQLModel.metadata.tables) <= set(inspect(db).get_table_names())
