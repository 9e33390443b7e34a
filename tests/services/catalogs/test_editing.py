"""Editing a draft one part at a time: changes kept through `edit_draft` (checked, logged by field and
author), problems put on their form fields, stale copies and published versions refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.catalog import edits
from app.catalog.form_values import FieldProblem
from app.errors import ConflictError, NotFoundError
from app.models import CatalogEdit
from app.services.catalogs.editing import EditRefused, StaleCopyError, editable, save_part
from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft, version_of

WASH_FIELDS = {"id": "id", "price": "price", "label_es": "label_es"}


def draft(session: Session) -> tuple[int, str]:
    seed_catalogs(session=session)
    version = create_draft(session=session, catalog_id="jeans")
    return version.id or 0, version.content_hash


def add_wash(option: dict[str, object]) -> Callable[[edits.Document], None]:
    return lambda document: edits.put(edits.option(document, "jeans", "wash", None), option)


def test_a_new_wash_is_kept_and_logged_with_its_author(db: Engine) -> None:
    with Session(db) as session:
        version_id, seen = draft(session)
        option = {"id": "acid", "label": {"en": "Acid", "es": "Ácido", "pt": "Ácida"}, "price": 850}
        version = save_part(session=session, version_id=version_id, seen_hash=seen, change=add_wash(option),
                            part_path="", fields={}, author_id=None)  # fmt: skip
        assert version.document["products"][0]["modules"][2]["attributes"][0]["options"][-1] == option
        logged = session.exec(select(CatalogEdit).where(CatalogEdit.version_id == version_id)).all()
        assert [(edit.path, edit.account_id) for edit in logged] == [
            ("products[jeans].modules[addons].attributes[wash].options[acid]", None)
        ]


def test_loader_problems_land_on_the_forms_fields(db: Engine) -> None:
    with Session(db) as session:
        version_id, seen = draft(session)
        document = dict(create_draft(session=session, catalog_id="jeans").document)
        path = edits.option(document, "jeans", "wash", None).path
        for option, field in (({"id": "raw", "price": 1}, "id"), ({"id": "acid", "price": -1}, "price")):
            with pytest.raises(EditRefused) as refused:
                save_part(session=session, version_id=version_id, seen_hash=seen, change=add_wash(option),
                          part_path=path, fields=WASH_FIELDS)  # fmt: skip
            assert [problem.field for problem in refused.value.problems] == [field]


def test_problems_of_the_form_itself_refuse_before_anything_changes(db: Engine) -> None:
    with Session(db) as session:
        version_id, seen = draft(session)
        with pytest.raises(EditRefused):
            save_part(session=session, version_id=version_id, seen_hash=seen, change=add_wash({"id": "acid"}),
                      part_path="", fields={}, problems=[FieldProblem("price", "give a whole number")])  # fmt: skip
        assert editable(session=session, version_id=version_id).content_hash == seen


def test_a_stale_copy_is_refused(db: Engine) -> None:
    with Session(db) as session:
        version_id, _ = draft(session)
        with pytest.raises(StaleCopyError):
            save_part(session=session, version_id=version_id, seen_hash="0" * 64, change=add_wash({"id": "acid"}),
                      part_path="", fields={})  # fmt: skip


def test_a_published_version_cannot_change_and_unknown_parts_are_not_found(db: Engine) -> None:
    with Session(db) as session:
        version_id, seen = draft(session)
        published = version_of(session=session, catalog_id="jeans", number=1)
        with pytest.raises(ConflictError):
            save_part(session=session, version_id=published.id or 0, seen_hash=published.content_hash,
                      change=add_wash({"id": "acid"}), part_path="", fields={})  # fmt: skip
        with pytest.raises(NotFoundError):
            save_part(session=session, version_id=version_id, seen_hash=seen, part_path="", fields={},
                      change=lambda d: edits.remove(edits.option(d, "jeans", "wash", "nope")))  # fmt: skip
