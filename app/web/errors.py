"""The one place typed errors meet HTTP: each kind of `TailorError` and the status it answers with."""

from __future__ import annotations

from app.errors import (
    ConflictError,
    ForbiddenError,
    GoneError,
    NotFoundError,
    RefusedError,
    TailorError,
    TooLargeError,
    TooManyTriesError,
)

STATUS_OF: dict[type[TailorError], int] = {
    NotFoundError: 404,
    ConflictError: 409,
    GoneError: 410,
    RefusedError: 401,
    TooManyTriesError: 429,
    ForbiddenError: 403,
    TooLargeError: 413,
}


def status_of(error: TailorError) -> int:
    """The HTTP status of `error`: its kind's, or 422 for input the product cannot take."""
    for kind, status in STATUS_OF.items():
        if isinstance(error, kind):
            return status
    return 422
