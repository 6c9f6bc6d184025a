"""Retention: raw webhook bodies and sent messages are kept only RETENTION_DAYS (PDPA s.37(3)).

After that an inbox row keeps its id, type, times, sender and outcome, and loses its body (an
empty object); an outbox row keeps the same and loses its messages (an empty list). Rows still
being worked on (pending, processing, sending) are left alone whatever their age. The audit log
is untouched: it is append-only and holds no message text.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Text, cast, func, select, update

from storage.db import UnitOfWork
from storage.models import InboxEvent, OutboxMessage, utcnow

__all__ = ["Removed", "apply_retention"]

IN_FLIGHT = ("pending", "processing", "sending")


@dataclass(frozen=True)
class Removed:
    """What retention emptied (or, in a dry run, would empty)."""

    inbox_bodies: int
    outbox_messages: int


def apply_retention(uow: UnitOfWork, days: int, *, dry_run: bool = False,
                    limit: int | None = None) -> Removed:
    """Empty the bodies of inbox and outbox rows older than `days` days (at most `limit` rows of
    each table per call, so a first run on a large database holds no lock for long); count what
    was emptied, or with dry_run what would be."""
    cutoff = utcnow() - timedelta(days=days)
    counts = []
    for model, when, column, empty in ((InboxEvent, InboxEvent.received_at, InboxEvent.body, {}),
                                       (OutboxMessage, OutboxMessage.created_at,
                                        OutboxMessage.messages, [])):
        # JSON has no equality on PostgreSQL: an emptied body is recognised by its text.
        old = select(model.id).where(when < cutoff, model.status.not_in(IN_FLIGHT),
                                     cast(column, Text) != ("{}" if empty == {} else "[]"))
        if dry_run:
            counts.append(uow.session.scalar(select(func.count()).select_from(old.subquery())))
            continue
        chosen = old.limit(limit).scalar_subquery() if limit else old.scalar_subquery()
        counts.append(uow.session.execute(update(model.__table__).where(
            model.id.in_(chosen)).values({column.key: empty})).rowcount)
    return Removed(*counts)
