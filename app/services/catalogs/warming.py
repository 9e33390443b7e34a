"""Compiling a published version in the background, so no customer's click waits for it.

The compiled forms go to the engine cache on disk, keyed by content (`app.engine.cache`), which
every worker shares: the first page of the new version finds its product already compiled.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from app.engine.engine import Engine
from app.errors import TailorError
from app.services.catalogs.in_force import catalog_of_version
from app.services.catalogs.versions import version_of

logger = logging.getLogger(__name__)


def warm_version(*, session: Session, catalog_id: str, number: int) -> list[str]:
    """Compile every product of version `number` of the catalog into the shared cache; the products done."""
    catalog = catalog_of_version(version_of(session=session, catalog_id=catalog_id, number=number))
    done = []
    for product in catalog.products:
        try:
            Engine.open(catalog, product.id).close()
        except TailorError as error:  # the page compiles it (or says why) when it is first asked for
            logger.warning("warming %s@%s %s: %s", catalog_id, number, product.id, error.message)
            continue
        done.append(product.id)
    return done
