"""The base of every error a user's input can cause; it carries the HTTP status it maps to."""

from __future__ import annotations


class TailorError(Exception):
    """A problem with the input, explained in `message`; `status_code` is 404, 409 or 422."""

    def __init__(self, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
