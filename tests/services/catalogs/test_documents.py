"""Catalog documents: plain JSON that loads back equal, one content hash per content, one object per hash."""

from __future__ import annotations

import pytest

from app.catalog import CatalogError
from app.services.catalogs.documents import (
    cached_catalog,
    canonical_json,
    catalog_of,
    content_hash,
    document_of,
    hash_of,
)
from tests.factories import shipped


def test_a_document_loads_back_as_an_equal_catalog_once_per_hash() -> None:
    catalog = shipped("jeans")
    document = document_of(catalog)
    digest = content_hash(document)
    loaded = catalog_of(document, digest)
    assert loaded == catalog
    assert catalog_of(document_of(catalog), digest) is loaded
    assert cached_catalog(digest) is loaded
    assert hash_of(loaded) == digest == hash_of(catalog)


def test_the_hash_is_of_the_content_not_of_the_key_order() -> None:
    document = document_of(shipped("bikes"))
    shuffled = dict(reversed(list(document.items())))
    assert canonical_json(shuffled) == canonical_json(document)
    assert content_hash(shuffled) == content_hash(document)
    document["version"] = "changed"
    assert content_hash(document) != content_hash(shuffled)


def test_a_bad_document_is_refused_with_its_place() -> None:
    document = document_of(shipped("jeans"))
    document["products"][0]["base_price"] = -1
    with pytest.raises(CatalogError, match=r"jeans@7:1:\d+: products\[0\]\.base_price: -1 is below the minimum 0"):
        catalog_of(document, content_hash(document), "jeans@7")
