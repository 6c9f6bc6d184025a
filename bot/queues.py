"""Leases on queue rows (inbox and outbox): claim due rows for a while, check the claim still holds."""
from __future__ import annotations

import functools
import random
import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.orm import aliased

from storage.models import InboxEvent, LineUser, utcnow

BUSY = ("pending", "processing", "sending")


def claim(runtime, model, limit: int, order, each=None) -> list[tuple]:
    """Mark due rows as ours for a lease, skipping users who have an earlier row in flight, and
    return (id, claim, each(uow, row)) per row: `each` runs in the claiming transaction, which
    saves the worker a transaction per row."""
    token, now = str(uuid.uuid4()), utcnow()
    with runtime.db.uow() as uow:
        query = _due(model, order, limit, uow.is_postgres)
        rows = list(uow.session.scalars(query, {"now": now}))
        working = "processing" if model is InboxEvent else "sending"
        lease = timedelta(seconds=runtime.settings.lease_seconds)  # then a dead worker's rows are retaken
        claimed = []
        for row in rows:
            row.status, row.claim, row.next_attempt_at = working, token, now + lease
            if model is InboxEvent:  # counted now, so a turn that kills its worker still ends
                row.attempts += 1
            claimed.append((row.id, token, each(uow, row) if each else None))
        uow.commit()
        return claimed


@functools.lru_cache(maxsize=16)
def _due(model, order: tuple, limit: int, postgres: bool):
    """The query for due rows, built once: building it (an alias, an EXISTS) cost more CPU than
    running it."""
    earlier = aliased(model)
    blocked = exists().where(and_(earlier.user_id == model.user_id, earlier.status.in_(BUSY),
                                  _before(earlier, model)))
    in_flight = model.status.in_(("processing", "sending"))
    query = (select(model).where(((model.status == "pending") | in_flight)
                                 & (model.next_attempt_at <= bindparam("now")) & ~blocked)
             .order_by(*order).limit(limit))
    return query.with_for_update(skip_locked=True, of=model) if postgres else query


def _before(earlier, row):
    """The condition 'earlier comes before row' for the model's ordering."""
    if hasattr(row, "event_time"):
        return (earlier.event_time < row.event_time) | (
            (earlier.event_time == row.event_time) & (earlier.id < row.id))
    return earlier.id < row.id


def still_ours(uow, model, row_id: int, token: str):
    """The row, if our claim on it still holds (a lease may have run out and been taken)."""
    return uow.session.scalar(_ours(model), {"row_id": row_id, "token": token})


@functools.lru_cache(maxsize=4)
def _ours(model):
    """The query of still_ours, built once."""
    return select(model).where(model.id == bindparam("row_id"), model.claim == bindparam("token")) \
        .with_for_update()


def following(uow, user_id: str) -> bool:
    """Whether the user still follows the bot (unknown users count as following)."""
    user = uow.session.get(LineUser, user_id)
    return user is None or user.following


def fresh(until: datetime | None) -> bool:
    """Whether a reply token is still worth trying."""
    return until is not None and utcnow() < until


def backoff(runtime, attempts: int) -> timedelta:
    """Exponential backoff with jitter, so a LINE outage is not hammered."""
    base = runtime.settings.retry_base_seconds * (2 ** (attempts - 1))
    return timedelta(seconds=min(base, 600) * random.uniform(0.8, 1.2))
