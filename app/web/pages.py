"""One way to answer with a screen: the full page, or its fragment when htmx asks for it.

A request with the `HX-Request` header gets only the screen's `content` block (no layout), so
any screen can be loaded into another page (a shop's own site, a rep's console) by htmx. The
configurator has a smaller fragment of its own (its `configurator` block), asked for by its form.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from app.web.security import csrf_token, remember_visitor, visitor_or_new
from app.web.templating import get_templates


def render(request: Request, name: str, context: dict[str, Any], *, status_code: int = 200,
           fragment: str = "content") -> Response:  # fmt: skip
    """The template `name` as a full page, or its `fragment` block for an htmx request."""
    templates = get_templates()
    if request.headers.get("HX-Request"):
        return templates.TemplateResponse(request, name, context, status_code=status_code, block_name=fragment)
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def render_form(request: Request, name: str, context: dict[str, Any], *, status_code: int = 200,
                fragment: str = "content") -> Response:  # fmt: skip
    """`render` for a screen with forms: the context gets the visitor's CSRF token (`csrf`), a new visitor a cookie."""
    visitor = visitor_or_new(request)
    response = render(request, name, {**context, "csrf": csrf_token(request, visitor)}, status_code=status_code,
                      fragment=fragment)  # fmt: skip
    remember_visitor(request, response, visitor)
    return response
