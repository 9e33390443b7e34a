"""The API documentation page, served with Swagger UI 5 from the `swagger-ui-py` package (no CDN)."""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

router = APIRouter(include_in_schema=False)
ASSETS = Path(swagger_ui.__file__).parent / "static"


PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Tailor API</title>
  <link rel="stylesheet" href="/api/docs-assets/swagger-ui.css">
  <link rel="icon" href="/api/docs-assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui" data-spec="/api/openapi.json"></div>
  <script src="/api/docs-assets/swagger-ui-bundle.js"></script>
  <script src="/static/js/api-docs.js"></script>
</body>
</html>
"""
"""The docs page: Swagger UI started by a script file of ours (the CSP allows no inline script)."""


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    """Swagger UI for the JSON API."""
    return HTMLResponse(PAGE)


def mount_docs(application: FastAPI) -> None:
    """Serve the Swagger UI files and the docs page."""
    application.mount("/api/docs-assets", StaticFiles(directory=ASSETS), name="docs-assets")
    application.include_router(router)
