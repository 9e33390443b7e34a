"""Who may use the reps' console: the check every console page and action passes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.web.accounts import account


def assert_only_reps(app_on: FastAPI, db: Engine, *calls: Callable[[TestClient], Any]) -> None:
    """Each of `calls` answers 401 for nobody and 403 for a customer and a catalog manager."""
    others = {role: account(app_on, db, f"{role}@example.com", role) for role in ("customer", "catalog_manager")}
    for index, call in enumerate(calls):
        assert call(TestClient(app_on)).status_code == 401, index
        for role, client in others.items():
            assert call(client).status_code == 403, (index, role)
