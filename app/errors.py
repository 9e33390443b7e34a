"""The base of every error a user's input can cause; it carries the HTTP status it maps to."""

from __future__ import annotations


class TailorError(Exception):
    """A problem with the input, explained in `message`; `status_code` is 404, 409 or 422.

    `message` may be a template with `{name}` places filled from `values`: the pages say it in the
    reader's language by translating the template (`template`) and filling the same values in.
    """

    def __init__(self, message: str, status_code: int = 422, **values: object) -> None:
        text = message.format(**values) if values else message
        super().__init__(text)
        self.template = message
        self.values = values
        self.message = text
        self.status_code = status_code
