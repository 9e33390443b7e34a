"""The workspace's address parts, bounded: a catalog id, a version id, a part id, a kind of part."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

CatalogId = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")]
VersionId = Annotated[int, Path(ge=1, le=2**63 - 1)]
PartId = Annotated[str, Path(min_length=1, max_length=200)]
Kind = Annotated[str, Query(max_length=40)]
