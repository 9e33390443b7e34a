"""The API documentation page, served with Swagger UI 5 from the `swagger-ui-py` package (no CDN)."""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

router = APIRouter(include_in_schema=False)
ASSETS = Path(swagger_ui.__file__).parent / "static"


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    """Swagger UI for the JSON API."""
    return get_swagger_ui_html(
        openapi_url="/api/openapi.json",
        title="Tailor API",
        swagger_js_url="/api/docs-assets/swagger-ui-bundle.js",
        swagger_css_url="/api/docs-assets/swagger-ui.css",
        swagger_favicon_url="/api/docs-assets/favicon-32x32.png",
    )


def mount_docs(application: FastAPI) -> None:
    """Serve the Swagger UI files and the docs page."""
    application.mount("/api/docs-assets", StaticFiles(directory=ASSETS), name="docs-assets")
    application.include_router(router)
