"""Who may open the workspace: a browser per role, and the check every workspace page and action passes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.web.accounts import account


def manager(app_on: FastAPI, db: Engine, email: str = "cm@example.com") -> TestClient:
    """A browser signed in as a catalog manager."""
    return account(app_on, db, email, "catalog_manager")


def assert_only_catalog_managers(app_on: FastAPI, db: Engine, call: Callable[[TestClient], Any]) -> None:
    """`call` (a page or an action) answers 401 for nobody, 403 for a customer, a rep and a sales manager."""
    assert call(TestClient(app_on)).status_code == 401
    for role in ("customer", "rep", "sales_manager"):
        assert call(account(app_on, db, f"{role}@example.com", role)).status_code == 403, role
