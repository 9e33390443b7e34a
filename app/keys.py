"""The instance's secret key and the keyed hashes made with it.

The secret comes from `TAILOR_SECRET_KEY`, else from `secret.key` in the data folder, created
on first use (never in the repository). Tokens, codes and identifiers that must be looked up
but never read back are stored as `keyed_hash(purpose, value)`: the database alone gives none
of them away, and a hash made for one purpose is useless for another.
"""

from __future__ import annotations

import hmac
import os
import secrets
from functools import lru_cache
from hashlib import sha256
from pathlib import Path

from app.config import get_settings


@lru_cache
def secret_key() -> bytes:
    """The instance's secret key."""
    settings = get_settings()
    if settings.secret_key:
        return settings.secret_key.encode()
    return key_in(settings.data_dir)


def key_in(folder: Path) -> bytes:
    """The secret key kept in `folder` (`secret.key`), made there the first time it is asked for."""
    path = folder / "secret.key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        # written whole under another name, then linked in place: a worker starting at the same moment
        # sees no key or the whole key, never an empty file (which would sign its forms with no key)
        draft = path.with_name(f".secret.key.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as stream:
            stream.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another worker made it first
        finally:
            draft.unlink()
    return path.read_text().strip().encode()


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA-256 of `value` for `purpose`, in hex (64 characters)."""
    return hmac.new(secret_key(), f"{purpose}:{value}".encode(), sha256).hexdigest()


def new_token() -> str:
    """A fresh secret for a cookie or a link (32 URL-safe characters, 192 bits)."""
    return secrets.token_urlsafe(24)
