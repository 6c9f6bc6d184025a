"""How fast one Open311 client may create requests, counted in the database so that every web
process on every machine sees the same count."""
from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import select

from storage.models import Case, CaseEvent, utcnow
from storage.opendata import ApiKey

WINDOW = timedelta(minutes=1)


def wait_seconds(uow, client: str, per_minute: int) -> int:
    """Seconds before `client` may create another request (0: now), from the requests it created
    in the last minute. Locks its key's row until the transaction ends, so that two posts at once
    count each other on PostgreSQL (SQLite's transactions take the write lock when they begin)."""
    uow.session.execute(select(ApiKey.id).where(ApiKey.name == client).with_for_update())
    now = utcnow()
    newest = list(uow.session.scalars(
        select(Case.created_at).join(CaseEvent, CaseEvent.case_id == Case.id)
        .where(Case.source == "open311", Case.created_at > now - WINDOW,
               CaseEvent.action == "create", CaseEvent.actor == f"open311:{client}")
        .order_by(Case.created_at.desc()).limit(per_minute)))
    if len(newest) < per_minute:
        return 0
    # A place frees up when the oldest of the last `per_minute` requests leaves the window.
    return max(1, math.ceil((newest[-1] + WINDOW - now).total_seconds()))
