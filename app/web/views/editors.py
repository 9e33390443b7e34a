"""What every structured editor of the workspace does: find the part, show its form, save a posted
form through `save_part` and answer with a redirect, the same form with its errors (422), or the
same form with a stale-copy warning (409); a published or retired version shows read-only."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from babel.numbers import get_currency_precision
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from app.catalog import edits
from app.catalog.edits import Document, Found
from app.catalog.form_values import FieldProblem
from app.catalog.text import localize
from app.errors import ConflictError, NotFoundError
from app.services.catalogs.editing import EditRefused, StaleCopyError, save_part
from app.web.pages import render_form

MAX_FIELD = 20000
"""Longest value kept from any posted field."""


def found(find: Callable[[], Found]) -> Found:
    """The part a finder finds (a NotFoundError naming it otherwise)."""
    try:
        return find()
    except edits.PartNotFoundError as missing:
        raise NotFoundError("no part '{part}' in this version", part=str(missing)[:100]) from None


def precision(document: Document) -> int:
    """Decimals of the catalog's currency (2 for EUR)."""
    return int(get_currency_precision(str(document.get("currency") or "EUR")))


def posted(form: FormData) -> dict[str, str]:
    """The posted text fields (bounded), without the CSRF token."""
    return {key: str(value)[:MAX_FIELD] for key, value in form.items() if key != "_csrf" and isinstance(value, str)}


def attribute_choices(document: Document, product_id: str, locale: str) -> list[tuple[str, str]]:
    """(id, label) of every attribute of the product, for subject pickers."""
    product = found(lambda: edits.product(document, product_id)).part
    return [(str(a["id"]), localize(a.get("label"), locale) or str(a["id"]))
            for module in product.get("modules", []) for a in module.get("attributes", [])]  # fmt: skip


@dataclass
class Editor:
    """One editor's page: its template, version, document and the values and problems it shows."""

    template: str
    version: Any
    document: Document
    values: Mapping[str, str]
    title: str
    back: str
    action: str
    problems: list[FieldProblem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    conflict: bool = False

    def page(self, request: Request, locale: str, status_code: int = 200) -> Response:
        """The editor, read-only unless the version is a draft."""
        errors = {p.field: p for p in self.problems if p.field}
        context = {"version": self.version, "document": self.document, "catalog_id": self.version.catalog_id,
                   "values": self.values, "errors": errors, "general": [p for p in self.problems if not p.field],
                   "title": self.title, "back": self.back, "action": self.action, "locale": locale,
                   "read_only": self.version.status != "draft", "conflict": self.conflict,
                   "seen_hash": self.values.get("seen_hash") or self.version.content_hash, **self.extra}  # fmt: skip
        return render_form(request, self.template, context, status_code=status_code)

    def save(
        self,
        request: Request,
        locale: str,
        *,
        session: Any,
        author_id: int | None,
        change: Callable[[Document], None],
        part: Found,
        fields: Mapping[str, str],
        problems: list[FieldProblem],
        then: str,
    ) -> Response:
        """Keep the change and go to `then`; or this form again with what is wrong, as typed."""
        try:
            save_part(
                session=session,
                version_id=self.version.id,
                seen_hash=str(self.values.get("seen_hash", "")),
                change=change,
                part_path=part.path,
                fields=fields,
                problems=problems,
                author_id=author_id,
            )
        except EditRefused as refused:
            self.problems = refused.problems
            return self.page(request, locale, 422)
        except StaleCopyError:
            self.conflict = True
            return self.page(request, locale, 409)
        return RedirectResponse(then, status_code=303)


def copied(document: Document) -> Document:
    """A copy to look parts up in (finders may add empty lists)."""
    return copy.deepcopy(document)


def delete_part(session: Any, version_id: int, form: FormData, change: Callable[[Document], None],
                author_id: int | None) -> Response:  # fmt: skip
    """Take a part out of the draft and go back to the outline; a refusal names what still needs it."""
    try:
        save_part(session=session, version_id=version_id, seen_hash=str(form.get("seen_hash", ""))[:100],
                  change=change, part_path="", fields={}, author_id=author_id)  # fmt: skip
    except EditRefused as refused:
        said = "; ".join(f"{p.path}: {p.english}" if p.path else p.english for p in refused.problems)
        raise ConflictError("nothing was deleted: {problems}", problems=said[:2000]) from None
    return RedirectResponse(f"/workspace/versions/{version_id}", status_code=303)


def address(template: str, **parts: object) -> str:
    """`template` with its `{places}` filled by the parts, each quoted for a URL path (ids may hold spaces)."""
    return template.format(**{name: quote(str(value), safe="") for name, value in parts.items()})
