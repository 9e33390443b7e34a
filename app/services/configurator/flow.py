"""What a configurator click does around the page state: open the page (a known customer's prefill
and where they stopped), save a selection, reopen a saved one.

A known customer's fresh configurator (nothing chosen in the address yet) starts from their needs
profile; their draft of the product says where they stopped last time. Saving keeps what they
stated and notes it on their timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from app.catalog import Catalog, Product
from app.catalog.configuration import Choice, Context
from app.catalog.text import localize
from app.models import Customer, SavedConfiguration
from app.services.catalogs.documents import hash_of
from app.services.catalogs.shelf import published_catalog
from app.services.configurator.page import PageState, configure, product_of
from app.services.configurator.personalisation import Known, known_choices, remember_stated
from app.services.configurator.progress import note, record_progress
from app.services.configurator.saved import by_resume_code, by_share_code, draft_of, save_configuration


@dataclass(frozen=True)
class Opened:
    """The configurator as it opens: the page state, the prefilled choices with where each came from,
    the customer's draft when it differs from what is shown, and whether nothing was chosen yet."""

    state: PageState
    fresh: bool
    known: dict[str, Known] = field(default_factory=dict)
    stopped: SavedConfiguration | None = None


def open_configurator(
    *, session: Session, catalog: Catalog, product_id: str, items: Sequence[tuple[str, str]],
    customer: Customer | None, context: Context, locale: str,
) -> Opened:  # fmt: skip
    """The configurator for `items` (the address's fields); a known customer's fresh one prefilled."""
    product = product_of(catalog, product_id)
    pairs = list(items)
    fresh = not any(key in product.attribute_index for key, _ in pairs)
    if customer is None or not fresh:
        return Opened(configure(catalog, product_id, pairs, context, locale), fresh)
    known = known_choices(session=session, customer=customer, product=product)
    stopped = draft_of(session=session, customer_id=int(customer.id or 0), product_id=product_id,
                       catalog_id=catalog.id)  # fmt: skip
    state = configure(catalog, product_id, pairs, context, locale, {a: k.choice for a, k in known.items()})
    return Opened(state, fresh, known, stopped if stopped is not None and stopped.choices != state.choices else None)


def save_configured(
    *, session: Session, catalog: Catalog, product: Product, choices: dict[str, Choice], visitor: str | None,
    customer: Customer | None, name: str = "",
) -> str:  # fmt: skip
    """Keep the selection (a known customer's: also what they stated, and a note on their timeline); its resume code."""
    _, resume = save_configuration(session=session, catalog=catalog, product_id=product.id, choices=choices,
                                   visitor=visitor, name=name,
                                   customer_id=customer.id if customer is not None else None)  # fmt: skip
    if customer is not None:
        remember_stated(session=session, customer=customer, product=product, choices=choices)
        note(session=session, customer=customer, product_id=product.id, event="saved",
             values={"product": localize(product.label, "en") or product.id})  # fmt: skip
    return resume


def record_click(
    *, session: Session, catalog: Catalog, product_id: str, items: Sequence[tuple[str, str]], customer: Customer,
    context: Context, fresh: bool,
) -> None:  # fmt: skip
    """A known customer's click on their timeline (started, conflicts met, prices shown) and their draft."""
    state = configure(catalog, product_id, list(items), context)
    record_progress(session=session, customer=customer, catalog=catalog, state=state, fresh=fresh)


@dataclass(frozen=True)
class Reopened:
    """A saved configuration, priced for whoever looks at it now, and whether its catalog changed since."""

    saved: SavedConfiguration
    state: PageState
    outdated: bool


def reopen_saved(*, session: Session, code: str, private: bool, context: Context, locale: str) -> Reopened:
    """The saved configuration of a resume code (`private`) or a share code, priced in `context`."""
    saved = by_resume_code(session=session, code=code) if private else by_share_code(session=session, code=code)
    catalog = published_catalog(session=session, catalog_id=saved.catalog_id)
    state = configure(catalog, saved.product_id, [], context, locale, prefill=saved.choices)
    changed = catalog.version != saved.catalog_version or saved.catalog_hash not in (None, hash_of(catalog))
    return Reopened(saved, state, changed)
