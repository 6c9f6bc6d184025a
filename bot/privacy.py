"""Pseudonyms: a stable, unguessable stand-in for a LINE user id on every staff-facing page."""
from __future__ import annotations

import hashlib
import hmac


def pseudonym(secret_key: str, user_id: str | None) -> str:
    """A short keyed hash of a LINE user id; without SECRET_KEY it cannot be turned back."""
    if not user_id:
        return "—"
    digest = hmac.new(secret_key.encode(), f"user:{user_id}".encode(), hashlib.sha256).hexdigest()
    return f"u-{digest[:10]}"
