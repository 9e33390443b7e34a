"""Catalog documents as stored: plain JSON, named by the sha256 of their canonical JSON.

A document is loaded into a `Catalog` by the loader (so a bad one gets the same located problems as
a file) once per content hash per process: every worker builds the same object from the same hash.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from threading import Lock
from typing import Any

from app.catalog import Catalog, load_catalog_text
from app.catalog.writer import dump_catalog

CACHED_CATALOGS = 64
"""Catalog objects kept per process, by content hash (the versions in force and the recent ones)."""

_CATALOGS: OrderedDict[str, Catalog] = OrderedDict()
_HASHES: dict[int, tuple[Catalog, str]] = {}
_LOCK = Lock()


def document_of(catalog: Catalog) -> dict[str, Any]:
    """The catalog as a JSON document that loads back as an equal catalog."""
    document: dict[str, Any] = json.loads(dump_catalog(catalog, json_format=True))
    return document


def canonical_json(document: dict[str, Any]) -> str:
    """The document's one canonical JSON text (sorted keys, no spaces)."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(document: dict[str, Any]) -> str:
    """The sha256 (hex) of the document's canonical JSON."""
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def catalog_of(document: dict[str, Any], digest: str, name: str = "<catalog>") -> Catalog:
    """The document (whose content hash is `digest`) loaded and checked, once per hash per process."""
    with _LOCK:
        found = _CATALOGS.get(digest)
        if found is not None:
            _CATALOGS.move_to_end(digest)
            return found
    catalog = load_catalog_text(canonical_json(document), name)
    with _LOCK:
        if digest in _CATALOGS:  # another thread loaded it meanwhile: one object per hash
            return _CATALOGS[digest]
        _CATALOGS[digest] = catalog
        _HASHES[id(catalog)] = (catalog, digest)
        while len(_CATALOGS) > CACHED_CATALOGS:
            _, dropped = _CATALOGS.popitem(last=False)
            _HASHES.pop(id(dropped), None)
    return catalog


def cached_catalog(digest: str) -> Catalog | None:
    """The catalog of content hash `digest` when this process has it loaded."""
    with _LOCK:
        return _CATALOGS.get(digest)


def hash_of(catalog: Catalog) -> str:
    """The content hash of a catalog (known at once for one loaded from the database)."""
    with _LOCK:
        found = _HASHES.get(id(catalog))
    if found is not None and found[0] is catalog:
        return found[1]
    digest = content_hash(document_of(catalog))
    with _LOCK:
        if len(_HASHES) > 4 * CACHED_CATALOGS:  # catalogs built elsewhere (files, tests): keep a few
            _HASHES.clear()
            _HASHES.update({id(kept): (kept, key) for key, kept in _CATALOGS.items()})
        _HASHES[id(catalog)] = (catalog, digest)
    return digest
