"""Migrations build exactly the tables the models declare, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import String, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from app.db import downgrade, migrate
from app.models import Customer
from app.models.base import utcnow


def test_migrations_match_the_models(db: Engine) -> None:
    with db.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_migrations_go_down_and_up_again(db: Engine) -> None:
    downgrade(db, "base")
    assert set(inspect(db).get_table_names()) <= {"alembic_version"}
    migrate(db)
    assert set(SQLModel.metadata.tables) <= set(inspect(db).get_table_names())


def test_every_bounded_text_column_is_bounded_by_the_database(db: Engine) -> None:
    inspector = inspect(db)
    unbounded = []
    for table in SQLModel.metadata.sorted_tables:
        checks = " ".join(str(check["sqltext"]) for check in inspector.get_check_constraints(table.name))
        for column in inspector.get_columns(table.name):
            kind = column["type"]
            if not isinstance(kind, String) or not kind.length:
                continue
            if db.dialect.name == "sqlite" and f'length("{column["name"]}") <= {kind.length}' not in checks:
                unbounded.append(f"{table.name}.{column['name']}")
    assert unbounded == []


def test_the_database_refuses_text_longer_than_its_column(db: Engine) -> None:
    row = {"kind": "person", "name": "x" * 201, "created_at": utcnow(), "updated_at": utcnow(), "version": 1}
    with pytest.raises(DBAPIError), db.begin() as connection:
        connection.execute(Customer.__table__.insert().values(**row))  # type: ignore[attr-defined]
