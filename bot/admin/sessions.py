"""Dashboard sessions kept on the server: start, find, save and end them.

The browser's cookie holds a random 256-bit id and nothing else; the table holds only the id's
SHA-256 (a fast hash is enough for a random id), so someone who reads the database cannot sign
in with what they read. Deleting a row ends that session at once, wherever its cookie was copied.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, or_, update

from storage.admin_models import AdminSession
from storage.db import UnitOfWork
from storage.models import utcnow

LIFETIME = timedelta(hours=8)  # however busy, a session ends this long after it began
TOUCH_EVERY = timedelta(minutes=1)  # how stale "last seen" may get, to spare a write per page


def _key(session_id: str) -> str:
    """What the table stores for a session id."""
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


def start(uow: UnitOfWork, data: str, admin_id: int | None) -> str:
    """Store a new session; return its id, for the cookie only."""
    session_id, now = secrets.token_urlsafe(32), utcnow()
    uow.session.add(AdminSession(id_hash=_key(session_id), admin_id=admin_id, data=data,
                                 created_at=now, last_seen_at=now))
    return session_id


def find(uow: UnitOfWork, session_id: str, idle: timedelta) -> AdminSession | None:
    """The live session with this id, marked as used now; None, and the row gone, once it has
    been idle for `idle` or has lasted LIFETIME."""
    row = uow.session.get(AdminSession, _key(session_id))
    if row is None:
        return None
    now = utcnow()
    if row.last_seen_at <= now - idle or row.created_at <= now - LIFETIME:
        uow.session.delete(row)
        return None
    if now - row.last_seen_at >= min(TOUCH_EVERY, idle / 10):
        row.last_seen_at = now
    return row


def save(uow: UnitOfWork, session_id: str, data: str) -> None:
    """Keep what the session holds now."""
    uow.session.execute(update(AdminSession).where(AdminSession.id_hash == _key(session_id))
                        .values(data=data))


def end(uow: UnitOfWork, session_id: str) -> None:
    """End one session (signing out)."""
    uow.session.execute(delete(AdminSession).where(AdminSession.id_hash == _key(session_id)))


def end_all(uow: UnitOfWork, admin_id: int) -> int:
    """End every session of one staff member (a new password, a disabled account); return how
    many there were."""
    return uow.session.execute(delete(AdminSession).where(AdminSession.admin_id == admin_id)) \
        .rowcount


def prune(uow: UnitOfWork, idle: timedelta) -> None:
    """Forget sessions ended by idleness or age (most are visitors who never signed in)."""
    now = utcnow()
    uow.session.execute(delete(AdminSession).where(or_(AdminSession.last_seen_at <= now - idle,
                                                       AdminSession.created_at <= now - LIFETIME)))
