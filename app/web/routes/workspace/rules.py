"""The rule editor of a draft: every kind of rule (requires/excludes with their conditions, tables,
linear limits, cardinality, eligibility) with its messages in three languages; a two-attribute table
is edited as a grid of checkboxes (rows: one attribute's options, columns: the other's)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.catalog import edits
from app.catalog.edits import Document
from app.catalog.rule_forms import (
    CONDITIONS,
    CONTEXT,
    OPERATORS,
    RULE_KINDS,
    grid_cells,
    grid_rule,
    rule_fields,
    rule_of,
    rule_values,
)
from app.catalog.text import localize
from app.services.catalogs.editing import editable
from app.services.catalogs.versions import version_by_id
from app.web.deps import CatalogManager, CsrfForm, Locale, SessionDep
from app.web.routes.workspace.params import Kind, PartId, VersionId
from app.web.views.editors import Editor, address, attribute_choices, copied, delete_part, found, posted

router = APIRouter(include_in_schema=False)
RULE = "/workspace/versions/{version_id}/products/{product_id}/rules/{rule_id}"
MAX_CELLS = 10000
"""Most cells a grid shows (larger tables are edited as rows of text)."""


def _grid(document: Document, product_id: str, rule: dict[str, Any], locale: str) -> dict[str, Any] | None:
    """The grid of a two-attribute table over option attributes (None: not a grid)."""
    names = rule.get("attributes") or []
    if rule.get("kind") != "table" or len(names) != 2:
        return None
    try:
        sides = [edits.attribute(copied(document), product_id, str(name)).part for name in names]
    except edits.PartNotFoundError:
        return None
    if any(side.get("kind") not in ("one_of", "many_of", "yes_no") for side in sides):
        return None
    axes = [_options(side, locale) for side in sides]
    if len(axes[0]) * len(axes[1]) > MAX_CELLS:
        return None
    ids = [[option_id for option_id, _ in axis] for axis in axes]
    cells = grid_cells(rule, ids[0], ids[1])
    return {
        "rows": axes[0],
        "columns": axes[1],
        "cells": cells,
        "names": [localize(s.get("label"), locale) or s["id"] for s in sides],
        "ids": ids,
    }


def _options(attribute: dict[str, Any], locale: str) -> list[tuple[str, str]]:
    if attribute.get("kind") == "yes_no":
        return [("yes", "yes"), ("no", "no")]
    return [(str(o["id"]), localize(o.get("label"), locale) or str(o["id"])) for o in attribute.get("options", [])]


def _editor(
    version: Any, document: Document, product_id: str, rule_id: str | None, kind: str, locale: str
) -> tuple[Editor, edits.Found]:
    part = found(lambda: edits.product_part(document, product_id, "rules", rule_id))
    rule = part.part or {"kind": kind if kind in RULE_KINDS else "requires"}
    subjects = attribute_choices(document, product_id, locale)
    subjects += [(CONTEXT + key, f"{CONTEXT}{key}") for key in document.get("context") or {}]
    action = address(RULE, version_id=version.id, product_id=product_id, rule_id=rule_id or "new")
    editor = Editor(
        "workspace/edit_rule.html",
        version,
        document,
        rule_values(rule),
        f"{product_id} · {rule_id or '+'}",
        f"/workspace/versions/{version.id}",
        action + ("" if rule_id else f"?kind={quote(rule['kind'])}"),
        extra={
            "kind": rule["kind"],
            "rule_id": rule_id,
            "conditions": CONDITIONS.get(rule["kind"], ()),
            "subjects": [("", "—"), *subjects],
            "operators": [(op, op) for op in OPERATORS],
            "grid": _grid(document, product_id, rule, locale),
        },
    )
    return editor, part


@router.get(RULE, response_class=HTMLResponse)
def rule_form(
    request: Request,
    version_id: VersionId,
    product_id: PartId,
    rule_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    kind: Kind = "requires",
) -> Response:
    """A rule's editor (read-only on a published version); `new?kind=table`: an empty one of that kind."""
    version = version_by_id(session=session, version_id=version_id)
    editor, _ = _editor(
        version, copied(version.document), product_id, None if rule_id == "new" else rule_id, kind, locale
    )
    return editor.page(request, locale)


@router.post(RULE)
def rule_save(
    request: Request,
    version_id: VersionId,
    product_id: PartId,
    rule_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    form: CsrfForm,
    kind: Kind = "requires",
) -> Response:
    """Keep the posted rule (422 with the problems on their fields, 409 when stale); a grid's cells too."""
    version = editable(session=session, version_id=version_id)
    old_id = None if rule_id == "new" else rule_id
    editor, part = _editor(version, copied(version.document), product_id, old_id, kind, locale)
    editor.values = posted(form)
    new, problems = rule_of(editor.values, part.part or {"kind": editor.extra["kind"]})
    grid = editor.extra["grid"]
    if grid is not None and "grid" in editor.values:
        checked = {_cell(value) for value in form.getlist("cell")}
        if checked != grid["cells"]:  # unchanged cells keep the rows as written (wildcards too)
            new = grid_rule(new, grid["ids"][0], grid["ids"][1], checked)
        grid["cells"] = checked

    def change(document: Document) -> None:
        edits.put(edits.product_part(document, product_id, "rules", old_id), new)

    then = (
        editor.back
        if new.get("kind") != "table"
        else address(RULE, version_id=version_id, product_id=product_id, rule_id=new.get("id"))
    )
    return editor.save(
        request,
        locale,
        session=session,
        author_id=manager.id,
        change=change,
        part=part,
        fields=rule_fields(str(new.get("kind"))),
        problems=problems,
        then=then,
    )


def _cell(value: object) -> tuple[int, int]:
    row, _, column = str(value).partition(",")
    return (int(row), int(column)) if row.isdigit() and column.isdigit() else (-1, -1)


@router.post(RULE + "/delete")
def rule_delete(
    version_id: VersionId,
    product_id: PartId,
    rule_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    form: CsrfForm,
) -> Response:
    """Take the rule out of the draft."""
    version = editable(session=session, version_id=version_id)
    found(lambda: edits.product_part(copied(version.document), product_id, "rules", rule_id))
    return delete_part(
        session,
        version_id,
        form,
        lambda d: edits.remove(edits.product_part(d, product_id, "rules", rule_id)),
        manager.id,
    )
