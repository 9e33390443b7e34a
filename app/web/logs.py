"""Logs never hold secrets: the private parts of addresses (resume and share codes, receipt keys,
e-mailed link tokens) are replaced by `[private]` before the access log writes a line.
"""

from __future__ import annotations

import logging
import re

PRIVATE = re.compile(
    r"^(?P<keep>/(?:saved|shared|reset|signup/confirm|recognise|quotes)/|/orders/[^/?#]+/)(?!forget(?:[/?#]|$))[^/?#]+"
)
"""Addresses whose last part is a secret: /saved/CODE, /shared/CODE, /orders/N/KEY, /reset/TOKEN, /quotes/TOKEN, ..."""


def redact(path: str) -> str:
    """`path` (with its query) with its secret part replaced."""
    return PRIVATE.sub(lambda match: f"{match.group('keep')}[private]", path, count=1)


class RedactPrivatePaths(logging.Filter):
    """Rewrites the path of uvicorn's access log lines (and any record with a `path` argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact, and always keep the line."""
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            args = list(record.args)
            args[2] = redact(str(args[2]))
            record.args = tuple(args)
        return True


def install_redaction() -> None:
    """Put the filter on uvicorn's access logger (once per process)."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(existing, RedactPrivatePaths) for existing in logger.filters):
        logger.addFilter(RedactPrivatePaths())
