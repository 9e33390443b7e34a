"""Save, resume and share configurations (for visitors by cookie token, and for customers).

Codes are random (`secrets`). The resume code is a key: only its SHA-256 is stored, so the
database alone cannot open anyone's configuration for editing; the share code opens a
read-only view. A visitor's list is found by the hash of their cookie token, a signed-in
customer's also by their id. A known customer's draft of each product is kept as they go
(`keep_draft`).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sqlmodel import Session, col, or_, select

from app.catalog import Catalog
from app.errors import NotFoundError, TailorError
from app.models import SavedConfiguration
from app.models.base import json_ready, utcnow
from app.services.catalogs.documents import hash_of
from app.services.configurator.page import product_of


def digest(secret: str) -> str:
    """The stored form of a code or token."""
    return hashlib.sha256(secret.encode()).hexdigest()


def save_configuration(
    *,
    session: Session,
    catalog: Catalog,
    product_id: str,
    choices: dict[str, Any],
    visitor: str | None,
    customer_id: int | None = None,
    name: str = "",
) -> tuple[SavedConfiguration, str]:
    """Keep the selection; returns the saved row and its resume code (shown once, never stored)."""
    product_of(catalog, product_id)
    if not choices:
        raise TailorError("there is nothing to save yet: make a choice first")
    resume = secrets.token_urlsafe(18)
    saved = SavedConfiguration(
        share_code=secrets.token_urlsafe(9),
        resume_hash=digest(resume),
        visitor_hash=digest(visitor) if visitor else None,
        customer_id=customer_id,
        catalog_id=catalog.id,
        catalog_version=catalog.version,
        catalog_hash=hash_of(catalog),
        product_id=product_id,
        name=name.strip()[:100],
        choices=json_ready(choices),
    )
    session.add(saved)
    session.commit()
    session.refresh(saved)
    return saved, resume


def by_resume_code(*, session: Session, code: str) -> SavedConfiguration:
    """The configuration a resume code opens (404 for any other code)."""
    found = session.exec(select(SavedConfiguration).where(SavedConfiguration.resume_hash == digest(code))).first()
    if found is None:
        raise NotFoundError("no saved configuration has this link (check it was copied whole)")
    return found


def by_share_code(*, session: Session, code: str) -> SavedConfiguration:
    """The configuration a share link shows (read-only)."""
    found = session.exec(select(SavedConfiguration).where(SavedConfiguration.share_code == code)).first()
    if found is None:
        raise NotFoundError("no shared configuration has this link")
    return found


def update_saved(*, session: Session, code: str, choices: dict[str, Any]) -> SavedConfiguration:
    """Replace the choices of the configuration a resume code opens."""
    saved = by_resume_code(session=session, code=code)
    saved.choices = json_ready(choices)
    saved.updated_at = utcnow()
    session.commit()
    return saved


def visitor_configurations(
    *, session: Session, visitor: str | None, customer_id: int | None = None
) -> list[SavedConfiguration]:
    """What a visitor saved on this browser and, signed in, what the customer saved anywhere; newest first."""
    mine = [col(SavedConfiguration.visitor_hash) == digest(visitor)] if visitor else []
    if customer_id is not None:
        mine.append(col(SavedConfiguration.customer_id) == customer_id)
    if not mine:
        return []
    query = (
        select(SavedConfiguration)
        .where(or_(*mine), col(SavedConfiguration.draft).is_(False))
        .order_by(col(SavedConfiguration.updated_at).desc())
    )
    return list(session.exec(query).all())


def keep_draft(
    *, session: Session, catalog: Catalog, product_id: str, choices: dict[str, Any], customer_id: int
) -> SavedConfiguration | None:
    """Keep what a known customer is working on as their draft of the product (one per product); None
    when there is nothing chosen."""
    if not choices:
        return None
    draft = draft_of(session=session, customer_id=customer_id, product_id=product_id, catalog_id=catalog.id)
    ready = json_ready(choices)
    if draft is None:
        draft = SavedConfiguration(share_code=secrets.token_urlsafe(9), resume_hash=digest(secrets.token_urlsafe(18)),
                                   customer_id=customer_id, catalog_id=catalog.id, catalog_version=catalog.version,
                                   catalog_hash=hash_of(catalog),
                                   product_id=product_id, draft=True, choices=ready)  # fmt: skip
        session.add(draft)
    elif draft.choices == ready and draft.catalog_hash == hash_of(catalog):
        return draft
    else:
        draft.choices, draft.catalog_version, draft.updated_at = ready, catalog.version, utcnow()
        draft.catalog_hash = hash_of(catalog)
    session.commit()
    session.refresh(draft)
    return draft


def draft_of(
    *, session: Session, customer_id: int, product_id: str, catalog_id: str | None = None
) -> SavedConfiguration | None:
    """The customer's draft of the product, if they left one."""
    query = select(SavedConfiguration).where(
        SavedConfiguration.customer_id == customer_id,
        SavedConfiguration.product_id == product_id,
        col(SavedConfiguration.draft).is_(True),
    )
    if catalog_id is not None:
        query = query.where(SavedConfiguration.catalog_id == catalog_id)
    return session.exec(query.order_by(col(SavedConfiguration.updated_at).desc())).first()
