"""Compiling a published version in the background, so no customer's click waits for it.

The compiled forms go to the engine cache on disk, keyed by content (`app.engine.cache`), which
every worker shares: the first page of the new version finds its product already compiled. The
version's `catalog_publication` row counts the products done, so the manager sees the progress,
and the reader (`in_force`) keeps serving the version before until `compiled_at` is set.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from app.engine.engine import Engine
from app.errors import TailorError
from app.models import CatalogPublication
from app.models.base import utcnow
from app.services.catalogs.in_force import catalog_of_version
from app.services.catalogs.versions import version_of

logger = logging.getLogger(__name__)


def warm_version(*, session: Session, catalog_id: str, number: int) -> list[str]:
    """Compile every product of version `number` of the catalog into the shared cache, counting the products
    done on its publication row (committed after each); the products compiled."""
    version = version_of(session=session, catalog_id=catalog_id, number=number)
    catalog = catalog_of_version(version)
    progress = session.get(CatalogPublication, version.id) or CatalogPublication(version_id=version.id or 0)
    progress.compile_total, progress.compile_done = len(catalog.products), 0
    _save(session, progress)
    done = []
    for product in catalog.products:
        try:
            Engine.open(catalog, product.id).close()
            done.append(product.id)
        except TailorError as error:  # the page compiles it (or says why) when it is first asked for
            logger.warning("warming %s@%s %s: %s", catalog_id, number, product.id, error.message)
        progress.compile_done += 1
        _save(session, progress)
    progress.compiled_at = utcnow()
    _save(session, progress)
    return done


def _save(session: Session, progress: CatalogPublication) -> None:
    session.add(progress)
    session.commit()
    session.refresh(progress)
