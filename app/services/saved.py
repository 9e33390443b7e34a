"""Save, resume and share configurations (for visitors by cookie token, and for customers).

Codes are random (`secrets`). The resume code is a key: only its SHA-256 is stored, so the
database alone cannot open anyone's configuration for editing; the share code opens a
read-only view. A visitor's list is found by the hash of their cookie token.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sqlmodel import Session, col, select

from app.catalog import Catalog
from app.errors import TailorError
from app.models import SavedConfiguration
from app.models.base import json_ready, utcnow
from app.services.configurator import product_of


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
        raise TailorError("no saved configuration has this link (check it was copied whole)", 404)
    return found


def by_share_code(*, session: Session, code: str) -> SavedConfiguration:
    """The configuration a share link shows (read-only)."""
    found = session.exec(select(SavedConfiguration).where(SavedConfiguration.share_code == code)).first()
    if found is None:
        raise TailorError("no shared configuration has this link", 404)
    return found


def update_saved(*, session: Session, code: str, choices: dict[str, Any]) -> SavedConfiguration:
    """Replace the choices of the configuration a resume code opens."""
    saved = by_resume_code(session=session, code=code)
    saved.choices = json_ready(choices)
    saved.updated_at = utcnow()
    session.commit()
    return saved


def visitor_configurations(*, session: Session, visitor: str) -> list[SavedConfiguration]:
    """A visitor's saved configurations, newest first."""
    query = (
        select(SavedConfiguration)
        .where(SavedConfiguration.visitor_hash == digest(visitor))
        .order_by(col(SavedConfiguration.updated_at).desc())
    )
    return list(session.exec(query).all())
