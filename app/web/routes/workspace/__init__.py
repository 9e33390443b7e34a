"""The catalog managers' workspace (role `catalog_manager`, and admins): catalogs and their versions,
drafts edited in forms or as YAML, live analysis, diff, impact, publish, and the unmet-needs backlog.

Each page's module has its own router; `router` gathers them for the app.
"""

from __future__ import annotations

from fastapi import APIRouter

from app.web.routes.workspace import catalogs, publishing, versions

router = APIRouter(include_in_schema=False)
for part in (catalogs, versions, publishing):
    router.include_router(part.router)
