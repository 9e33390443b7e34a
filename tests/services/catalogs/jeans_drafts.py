"""Drafts of the seeded jeans for the analysis and diff tests: a new wash that a new rule kills."""

from __future__ import annotations

import copy
from typing import Any

from sqlmodel import Session

from app.models import CatalogVersion
from app.services.catalogs.shelf import seed_catalogs
from app.services.catalogs.versions import create_draft, edit_draft, latest_version


def with_dead_wash(document: dict[str, Any], *, kill: bool = True) -> dict[str, Any]:
    """The document with an acid wash (15.00) and (with `kill`) a rule excluding it from every fit."""
    edited = copy.deepcopy(document)
    product = edited["products"][0]
    wash = next(a for m in product["modules"] for a in m["attributes"] if a["id"] == "wash")
    wash["options"].append({"id": "acid", "label": {"en": "Acid wash"}, "price": 1500})
    fits = [o["id"] for o in product["modules"][0]["attributes"][0]["options"]]
    if not kill:
        return edited
    product["rules"].append(
        {
            "id": "acid_for_no_fit",
            "kind": "excludes",
            "message": {"en": "Acid wash is not made in this fit."},
            "if": {"attribute": "wash", "equals": "acid"},
            "then": {"attribute": "fit", "in": fits},
        }
    )
    return edited


def dead_wash_draft(session: Session, *, kill: bool = True) -> CatalogVersion:
    """A jeans draft (seeding the shelf first) edited to carry the acid wash (that no configuration can use)."""
    seed_catalogs(session=session)
    draft = create_draft(session=session, catalog_id="jeans")
    document = with_dead_wash(latest_version(session=session, catalog_id="jeans").document, kill=kill)
    return edit_draft(session=session, version_id=draft.id or 0, document=document)
