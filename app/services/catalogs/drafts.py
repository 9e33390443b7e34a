"""Drafts as a whole: start one from any version, upload a file into a new one, edit one as YAML text,
discard one.

Every document goes through the loader before it is kept (a bad one raises `CatalogError` with its
problems located in the text the manager wrote or sent), and an upload or an import always lands in
a new draft, never in force. A YAML save names the content hash it was edited from: when another
manager saved the draft meanwhile, `StaleCopyError` refuses it rather than overwrite their work.
"""

from __future__ import annotations

import difflib
import itertools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from sqlmodel import Session, col, delete, select

from app.catalog import CatalogError, CatalogIssue, load_catalog_text
from app.catalog.errors import Message
from app.catalog.importers import ImportResult, ModelImportError, import_model
from app.catalog.limits import MAX_FILE_BYTES, MAX_UVL_BYTES
from app.catalog.writer import dump_catalog
from app.errors import ConflictError, NotFoundError, TailorError, TooLargeError
from app.models import CatalogApproval, CatalogEdit, CatalogVersion
from app.services.catalogs.documents import document_of
from app.services.catalogs.in_force import catalog_of_version
from app.services.catalogs.versions import (
    create_draft,
    edit_draft,
    latest_version,
    version_by_id,
    version_of,
    versions,
)

CATALOG_FILES = (".yaml", ".yml", ".json")
MODEL_FILES = {".uvl": "uvl", ".xcsp": "xcsp", ".xml": ""}
"""Importer formats by suffix; an `.xml` file is an XCSP instance or a FeatureIDE model, told apart by its root."""
UPLOAD_SUFFIXES = (*CATALOG_FILES, *MODEL_FILES)
MAX_DIFF_LINES = 400
"""Lines of difference a stale-copy conflict shows between the manager's text and the current draft."""


class StaleCopyError(ConflictError):
    """The draft changed since the copy being saved was taken: `current_hash` and `current_text` are the draft now."""

    def __init__(self, current_hash: str, current_text: str) -> None:
        super().__init__("another manager saved this draft while you were editing it: nothing was overwritten")
        self.current_hash = current_hash
        self.current_text = current_text


@dataclass(frozen=True)
class Uploaded:
    """The new draft an upload made, and the notes of an importer on what it could not map."""

    version: CatalogVersion
    unmapped: list[str] = field(default_factory=list)


def version_text(version: CatalogVersion) -> str:
    """A version as catalog YAML, the text the manager edits."""
    return dump_catalog(catalog_of_version(version))


def text_differences(current: str, mine: str, limit: int = MAX_DIFF_LINES) -> list[str]:
    """The lines where `mine` differs from `current` (a unified diff, `-` current, `+` mine), at most `limit`."""
    lines = difflib.unified_diff(current.splitlines(), mine.splitlines(), "current", "mine", n=1, lineterm="")
    return list(itertools.islice(lines, 2, 2 + limit))  # without the two file header lines


def start_draft(*, session: Session, catalog_id: str, from_number: int | None = None,
                author_id: int | None = None) -> CatalogVersion:  # fmt: skip
    """A new draft of the catalog, a copy of version `from_number` (default: the latest, whatever its status)."""
    if from_number is None:
        source = latest_version(session=session, catalog_id=catalog_id)
    else:
        versions(session=session, catalog_id=catalog_id)  # not found: no such catalog, before no such version
        source = version_of(session=session, catalog_id=catalog_id, number=from_number)
    return create_draft(session=session, catalog_id=catalog_id, document=source.document, author_id=author_id,
                        notes=f"from version {source.number}")  # fmt: skip


def save_draft_text(
    *, session: Session, version_id: int, text: str, edited_from: str, author_id: int | None = None
) -> CatalogVersion:
    """Replace a draft by the catalog in `text` (YAML or JSON), edited from the version whose hash is `edited_from`."""
    version = _locked(session, version_id)
    if version.status != "draft":
        raise ConflictError("version {number} is {status}: only a draft can be edited",
                            number=version.number, status=version.status)  # fmt: skip
    if version.content_hash != edited_from:
        raise StaleCopyError(version.content_hash, version_text(version))
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise TooLargeError("the catalog text is larger than {limit} MiB", limit=MAX_FILE_BYTES // 2**20)
    catalog = load_catalog_text(text, _text_name(version))
    return edit_draft(session=session, version_id=version_id, document=document_of(catalog), author_id=author_id)


def upload_draft(
    *, session: Session, catalog_id: str, filename: str, data: bytes, author_id: int | None = None
) -> Uploaded:
    """A new draft of `catalog_id` from an uploaded catalog file (YAML, JSON) or model (XCSP, UVL, FeatureIDE)."""
    versions(session=session, catalog_id=catalog_id)  # not found when there is no such catalog
    name = PurePath(filename.replace("\\", "/")).name[:200] or "upload"
    suffix = PurePath(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise TailorError("'{file}' is not a catalog file or a model (expected one of: {suffixes})",
                          file=name, suffixes=", ".join(UPLOAD_SUFFIXES))  # fmt: skip
    limit = MAX_UVL_BYTES if suffix == ".uvl" else MAX_FILE_BYTES
    if len(data) > limit:
        raise TooLargeError("'{file}' is larger than {limit} MiB", file=name, limit=limit // 2**20)
    if suffix in CATALOG_FILES:
        catalog, unmapped = load_catalog_text(_decoded(name, data), name), []
    else:
        result = _imported(catalog_id, name, suffix, data)
        catalog, unmapped = result.catalog, result.unmapped
    if catalog.id != catalog_id:
        raise TailorError("'{file}' is catalog '{found}', not '{catalog}'", file=name, found=catalog.id,
                          catalog=catalog_id)  # fmt: skip
    version = create_draft(session=session, catalog_id=catalog_id, document=document_of(catalog),
                           author_id=author_id, notes=_upload_notes(name, unmapped))  # fmt: skip
    return Uploaded(version, unmapped)


def discard_draft(*, session: Session, version_id: int) -> str:
    """Delete a draft, its edit log and its approval requests (a published or retired version refuses); the id
    of its catalog."""
    version = version_by_id(session=session, version_id=version_id)
    if version.status != "draft":
        raise ConflictError("version {number} is {status}: only a draft can be discarded",
                            number=version.number, status=version.status)  # fmt: skip
    catalog_id = version.catalog_id
    session.exec(delete(CatalogEdit).where(col(CatalogEdit.version_id) == version_id))
    session.exec(delete(CatalogApproval).where(col(CatalogApproval.version_id) == version_id))
    session.delete(version)
    session.commit()
    return catalog_id


def _locked(session: Session, version_id: int) -> CatalogVersion:
    """The version, its row locked until the save commits (PostgreSQL), so two saves from one copy cannot both pass."""
    found = session.exec(select(CatalogVersion).where(col(CatalogVersion.id) == version_id).with_for_update()).first()
    if found is None:
        raise NotFoundError("no catalog version {version}", version=version_id)
    return found


def _upload_notes(name: str, unmapped: list[str]) -> str:
    """The new draft's notes: where it came from, and what the importer could not map."""
    notes = f"uploaded from {name}"
    return f"{notes}; not mapped: {'; '.join(unmapped)}"[:2000] if unmapped else notes


def _text_name(version: CatalogVersion) -> str:
    return f"{version.catalog_id}-v{version.number}.yaml"


def _decoded(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CatalogError(
            [CatalogIssue(name, None, None, "(file)", Message("not UTF-8 text (byte {byte})", byte=error.start))]
        ) from None


def _imported(catalog_id: str, name: str, suffix: str, data: bytes) -> ImportResult:
    """The model imported by the importers, as `tailor catalog import` does; its catalog id is `catalog_id`."""
    format_ = MODEL_FILES[suffix] or ("featureide" if b"featuremodel" in data[:4096].lower() else "xcsp")
    with tempfile.TemporaryDirectory(prefix="tailor-upload-") as folder:
        path = Path(folder) / f"{catalog_id}{suffix}"
        path.write_bytes(data)
        try:
            return import_model(format_, path)
        except ModelImportError as error:
            values = {key: str(value).replace(str(path), name) for key, value in error.values.items()}
            raise ModelImportError(error.template, **values) from None
