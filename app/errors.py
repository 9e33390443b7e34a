"""The errors a user's input can cause, typed by what went wrong; none of them knows about HTTP.

Each carries a message template with `{name}` places and the values that fill them, so a page can
say it in the reader's language (translate the template, fill the same values in). The web maps
each type to its status in one place (`app.web.edges.STATUS_OF`).
"""

from __future__ import annotations


class TailorError(Exception):
    """Input the product cannot take: `template` names what and where, `values` fill its places."""

    def __init__(self, template: str, **values: object) -> None:
        text = template.format(**values) if values else template
        super().__init__(text)
        self.template = template
        self.values = values
        self.message = text


class NotFoundError(TailorError):
    """The thing named (a customer, a product, a link) does not exist, or not for this reader."""


class ConflictError(TailorError):
    """The request is sound but the thing's current state refuses it (already done, stale copy)."""


class GoneError(TailorError):
    """A link or token that existed once and is used up or expired."""


class RefusedError(TailorError):
    """Credentials missing or not right (not signed in, wrong password, wrong current password)."""


class ForbiddenError(TailorError):
    """The reader is known but their role may not do this (or the form did not come from this site)."""


class TooLargeError(TailorError):
    """What was sent is larger than the product takes."""


class TooManyTriesError(TailorError):
    """Too many tries in a short time; the message says how long to wait."""
