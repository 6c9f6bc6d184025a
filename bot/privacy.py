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


def actor_name(secret_key: str, actor: str | None) -> str:
    """Who did something, as staff may read it (audit log, timeline): a citizen only ever as their
    pseudonym; officers, staff and the system by their label."""
    actor = actor or ""
    user_id = actor.split(":", 1)[1] if actor.startswith("citizen:") else actor
    if user_id.startswith("U"):
        return pseudonym(secret_key, user_id)
    return actor
