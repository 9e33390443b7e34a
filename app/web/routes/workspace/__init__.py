"""The catalog managers' workspace (role `catalog_manager`, and admins): catalogs and their versions,
drafts edited in forms or as YAML, live analysis, diff, impact, publish, and the unmet-needs backlog.

Each page's module has its own router; `router` gathers them for the app.
"""

from __future__ import annotations

from fastapi import APIRouter

from app.web.routes.workspace import (
    analysis,
    backlog,
    catalogs,
    diffs,
    drafts,
    options,
    parts,
    publishing,
    rules,
    versions,
    yaml_text,
)

router = APIRouter(include_in_schema=False)
for part in (catalogs, versions, drafts, yaml_text, publishing, options, rules, parts, analysis, diffs, backlog):
    router.include_router(part.router)
