"""Editors of a draft's products, modules, attributes (every kind) and price rules (every kind): a form
each, new ones and deleting them (catalog managers and admins only). Options and rules have their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.catalog import edits
from app.catalog.edits import Document, Found
from app.catalog.part_forms import (
    ATTRIBUTE_KINDS,
    PRICE_RULE_KINDS,
    attribute_of,
    attribute_values,
    module_of,
    module_values,
    price_rule_of,
    price_rule_values,
    product_of,
    product_values,
)
from app.catalog.rule_forms import CONTEXT, OPERATORS
from app.catalog.text import localize
from app.errors import NotFoundError
from app.services.catalogs.editing import editable
from app.services.catalogs.versions import version_by_id
from app.web.deps import CatalogManager, CsrfForm, Locale, SessionDep
from app.web.routes.workspace.params import Kind, PartId, VersionId
from app.web.views.editors import Editor, address, attribute_choices, copied, delete_part, found, posted, precision

router = APIRouter(include_in_schema=False)
V = "/workspace/versions/{version_id}"


@dataclass(frozen=True)
class Spec:
    """One kind of part: how to find it, show it and read it back."""

    name: str
    find: Callable[[Document, str, str | None, str | None], Found]
    values: Callable[[dict[str, Any], int], dict[str, str]]
    read: Callable[[dict[str, str], dict[str, Any], int], tuple[dict[str, Any], list[Any]]]
    kinds: tuple[str, ...] = ()


SPECS = {
    "product": Spec("product", lambda d, p, m, x: edits.product(d, x), product_values, product_of),
    "module": Spec(
        "module",
        lambda d, p, m, x: edits.product_part(d, p, "modules", x),
        lambda part, _: module_values(part),
        lambda v, old, _: module_of(v, old),
    ),
    "attribute": Spec(
        "attribute", lambda d, p, m, x: edits.attribute(d, p, x, m), attribute_values, attribute_of, ATTRIBUTE_KINDS
    ),
    "price-rule": Spec(
        "price-rule",
        lambda d, p, m, x: edits.product_part(d, p, "price-rules", x),
        price_rule_values,
        price_rule_of,
        PRICE_RULE_KINDS,
    ),
}


def _new(part_id: str) -> str | None:
    return None if part_id == "new" else part_id


def _editor(
    spec: Spec, version: Any, product: str, module: str | None, part_id: str | None, kind: str, action: str, locale: str
) -> tuple[Editor, Found]:
    document = copied(version.document)
    part = found(lambda: spec.find(document, product, module, part_id))
    shown = part.part or ({"kind": kind if kind in spec.kinds else spec.kinds[0]} if spec.kinds else {})
    subjects = attribute_choices(document, product, locale) if spec.name == "price-rule" else []
    subjects += [(CONTEXT + key, CONTEXT + key) for key in document.get("context") or {}]
    extra = {
        "part_kind": spec.name,
        "kind": shown.get("kind", ""),
        "part_id": part_id,
        "kinds": spec.kinds,
        "currency": document.get("currency") or "EUR",
        "subjects": [("", "—"), *subjects],
        "operators": [(op, op) for op in OPERATORS],
    }
    editor = Editor(
        "workspace/edit_part.html",
        version,
        document,
        spec.values(shown, precision(document)),
        f"{localize(shown.get('label'), locale) or part_id or '+'} · {part_id or '+'}",
        V.format(version_id=version.id),
        action,
        extra=extra,
    )
    return editor, part


def _form(
    request: Request,
    spec: Spec,
    session: Any,
    version_id: int,
    product: str,
    module: str | None,
    part_id: str,
    kind: str,
    action: str,
    locale: str,
) -> Response:
    version = version_by_id(session=session, version_id=version_id)
    editor, _ = _editor(spec, version, product, module, _new(part_id), kind, action, locale)
    return editor.page(request, locale)


def _save(
    request: Request,
    spec: Spec,
    session: Any,
    manager: Any,
    form: Any,
    version_id: int,
    product: str,
    module: str | None,
    part_id: str,
    kind: str,
    action: str,
    locale: str,
) -> Response:
    version = editable(session=session, version_id=version_id)
    old_id = _new(part_id)
    editor, part = _editor(spec, version, product, module, old_id, kind, action, locale)
    editor.values = posted(form)
    new, problems = spec.read(
        dict(editor.values),
        part.part or ({"kind": editor.extra["kind"]} if spec.kinds else {}),
        precision(editor.document),
    )

    def change(document: Document) -> None:
        edits.put(spec.find(document, product, module, old_id), new)

    fields = {name: name for name in editor.values} | {"label": "label_en", "message": "label_en"}
    return editor.save(
        request,
        locale,
        session=session,
        author_id=manager.id,
        change=change,
        part=part,
        fields=fields,
        problems=problems,
        then=editor.back,
    )


def _delete(spec: Spec, session: Any, manager: Any, form: Any, version_id: int, product: str, part_id: str) -> Response:
    version = editable(session=session, version_id=version_id)
    found(lambda: spec.find(copied(version.document), product, None, part_id))
    return delete_part(
        session, version_id, form, lambda d: edits.remove(spec.find(d, product, None, part_id)), manager.id
    )


PRODUCT = V + "/products/{product_id}"


@router.get(PRODUCT, response_class=HTMLResponse)
def product_form(
    request: Request,
    version_id: VersionId,
    product_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
) -> Response:
    """A product's editor (`new`: an empty one)."""
    action = address(PRODUCT, version_id=version_id, product_id=product_id)
    return _form(request, SPECS["product"], session, version_id, product_id, None, product_id, "", action, locale)


@router.post(PRODUCT)
def product_save(
    request: Request,
    version_id: VersionId,
    product_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    form: CsrfForm,
) -> Response:
    """Keep the posted product."""
    action = address(PRODUCT, version_id=version_id, product_id=product_id)
    return _save(
        request, SPECS["product"], session, manager, form, version_id, product_id, None, product_id, "", action, locale
    )


@router.post(PRODUCT + "/delete")
def product_delete(
    version_id: VersionId, product_id: PartId, session: SessionDep, manager: CatalogManager, form: CsrfForm
) -> Response:
    """Take the product out of the draft."""
    return _delete(SPECS["product"], session, manager, form, version_id, product_id, product_id)


PART = PRODUCT + "/{segment}/{part_id}"
SEGMENTS = {"modules": "module", "attributes": "attribute", "price-rules": "price-rule"}


def _spec(segment: str) -> Spec:
    if segment not in SEGMENTS:
        raise NotFoundError("no part '{part}' in this version", part=segment[:40])
    return SPECS[SEGMENTS[segment]]


@router.get(PART, response_class=HTMLResponse)
def part_form(
    request: Request,
    version_id: VersionId,
    product_id: PartId,
    segment: PartId,
    part_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    kind: Kind = "",
) -> Response:
    """A module's, an attribute's or a price rule's editor (`new?kind=`: an empty one)."""
    action = address(PART, version_id=version_id, product_id=product_id, segment=segment, part_id=part_id)
    action += f"?kind={quote(kind)}" if part_id == "new" and kind else ""
    return _form(request, _spec(segment), session, version_id, product_id, None, part_id, kind, action, locale)


@router.post(PART)
def part_save(
    request: Request,
    version_id: VersionId,
    product_id: PartId,
    segment: PartId,
    part_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    form: CsrfForm,
    kind: Kind = "",
) -> Response:
    """Keep the posted module, attribute or price rule."""
    action = address(PART, version_id=version_id, product_id=product_id, segment=segment, part_id=part_id)
    return _save(
        request, _spec(segment), session, manager, form, version_id, product_id, None, part_id, kind, action, locale
    )


@router.post(PART + "/delete")
def part_delete(
    version_id: VersionId,
    product_id: PartId,
    segment: PartId,
    part_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    form: CsrfForm,
) -> Response:
    """Take the module, attribute or price rule out of the draft."""
    return _delete(_spec(segment), session, manager, form, version_id, product_id, part_id)


NEW_ATTRIBUTE = PRODUCT + "/modules/{module_id}/attributes/new"


@router.get(NEW_ATTRIBUTE, response_class=HTMLResponse)
def new_attribute_form(
    request: Request,
    version_id: VersionId,
    product_id: PartId,
    module_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    kind: Kind = "one_of",
) -> Response:
    """An empty attribute's editor, for a module (`?kind=numeric` and so on)."""
    action = address(NEW_ATTRIBUTE, version_id=version_id, product_id=product_id, module_id=module_id)
    return _form(
        request,
        SPECS["attribute"],
        session,
        version_id,
        product_id,
        module_id,
        "new",
        kind,
        f"{action}?kind={quote(kind)}",
        locale,
    )


@router.post(NEW_ATTRIBUTE)
def new_attribute_save(
    request: Request,
    version_id: VersionId,
    product_id: PartId,
    module_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    form: CsrfForm,
    kind: Kind = "one_of",
) -> Response:
    """Add the posted attribute to the module."""
    action = address(NEW_ATTRIBUTE, version_id=version_id, product_id=product_id, module_id=module_id)
    return _save(
        request,
        SPECS["attribute"],
        session,
        manager,
        form,
        version_id,
        product_id,
        module_id,
        "new",
        kind,
        f"{action}?kind={quote(kind)}",
        locale,
    )
