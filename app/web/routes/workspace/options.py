"""The option editor of a draft: labels in three languages, price, unit cost, properties, dates,
service and payment terms; new options and deleting them (catalog managers and admins only)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.catalog import edits
from app.catalog.edits import Document
from app.catalog.form_values import OPTION_FIELDS, option_of, option_values
from app.catalog.text import localize
from app.services.catalogs.editing import editable
from app.services.catalogs.versions import version_by_id
from app.web.deps import CatalogManager, CsrfForm, Locale, SessionDep
from app.web.routes.workspace.params import PartId, VersionId
from app.web.views.editors import Editor, address, copied, delete_part, found, posted, precision

router = APIRouter(include_in_schema=False)
BASE = "/workspace/versions/{v}/products/{p}/attributes/{a}/options"


def _new(part_id: str) -> str | None:
    """None for the address of a new part (`.../new`)."""
    return None if part_id == "new" else part_id


def _editor(
    version: object, document: Document, p: str, a: str, o: str | None, locale: str
) -> tuple[Editor, edits.Found]:
    part = found(lambda: edits.option(document, p, a, o))
    attribute = found(lambda: edits.attribute(document, p, a)).part
    name = localize(attribute.get("label"), locale) or a
    base = address(BASE, v=getattr(version, "id", 0), p=p, a=a)
    editor = Editor("workspace/edit_option.html", version, document, option_values(part.part, precision(document)),
                    f"{name} · {o or '+'}", f"/workspace/versions/{getattr(version, 'id', 0)}",
                    f"{base}/{quote(o or 'new', safe='')}",
                    extra={"product_id": p, "attribute_id": a, "option_id": o,
                           "currency": document.get("currency") or "EUR"})  # fmt: skip
    return editor, part


@router.get("/workspace/versions/{version_id}/products/{product_id}/attributes/{attribute_id}/options/{option_id}",
            response_class=HTMLResponse)  # fmt: skip
def option_form(
    request: Request,
    version_id: VersionId,
    product_id: PartId,
    attribute_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    option_id: PartId,
) -> Response:
    """An option's editor (read-only on a published version); `new`: an empty one."""
    version = version_by_id(session=session, version_id=version_id)
    editor, _ = _editor(version, copied(version.document), product_id, attribute_id, _new(option_id), locale)
    return editor.page(request, locale)


@router.post("/workspace/versions/{version_id}/products/{product_id}/attributes/{attribute_id}/options/{option_id}")
def option_save(
    request: Request,
    version_id: VersionId,
    product_id: PartId,
    attribute_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    locale: Locale,
    form: CsrfForm,
    option_id: PartId,
) -> Response:
    """Keep the posted option in the draft (422 with the problems on their fields, 409 when stale)."""
    version = editable(session=session, version_id=version_id)
    document = copied(version.document)
    old_id = _new(option_id)
    editor, part = _editor(version, document, product_id, attribute_id, old_id, locale)
    editor.values = posted(form)
    new, problems = option_of(editor.values, part.part, precision(document))

    def change(document: Document) -> None:
        edits.put(edits.option(document, product_id, attribute_id, old_id), new)

    return editor.save(request, locale, session=session, author_id=manager.id, change=change, part=part,
                       fields={name: name for name in OPTION_FIELDS}, problems=problems, then=editor.back)  # fmt: skip


@router.post(
    "/workspace/versions/{version_id}/products/{product_id}/attributes/{attribute_id}/options/{option_id}/delete"
)
def option_delete(
    version_id: VersionId,
    product_id: PartId,
    attribute_id: PartId,
    option_id: PartId,
    session: SessionDep,
    manager: CatalogManager,
    form: CsrfForm,
) -> Response:
    """Take the option out of the draft (the loader refuses it if a rule still names it: 409 page)."""
    version = editable(session=session, version_id=version_id)
    found(lambda: edits.option(copied(version.document), product_id, attribute_id, option_id))
    return delete_part(
        session,
        version_id,
        form,
        lambda d: edits.remove(edits.option(d, product_id, attribute_id, option_id)),
        manager.id,
    )
