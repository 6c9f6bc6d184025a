"""Reading the one audit trail (officers, staff, the system, refusals alike) and writing staff
actions to it through the same bot.services.audit as every other action.

Append-only: nothing here (or anywhere) updates or deletes an entry.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.permissions import Actor
from bot.services.audit import audit
from storage.db import UnitOfWork
from storage.models import AuditEntry, Case

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditQuery:
    """What the audit log page and `logs audit` filter by."""

    ticket_id: str | None = None
    actor: str | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    after_id: int = 0
    before_id: int = 0  # for paging back: only entries older than this
    limit: int = 100


def record(uow: UnitOfWork, actor: Actor, action: str, *, case: Case | None = None,
           outcome: str = "done", reason: str | None = None, before: dict | None = None,
           after: dict | None = None) -> None:
    """Append one staff action to the audit log in this unit of work."""
    audit(uow, actor, action, case=case, outcome=outcome, reason=reason, before=before,
          after=after)
    log.info("audit: %s (%s) case %s", action, outcome, case.ticket_id if case else "-")


def entries(uow: UnitOfWork, query: AuditQuery) -> list[AuditEntry]:
    """Audit entries matching the query, newest first (oldest first when following)."""
    rows = select(AuditEntry)
    if query.ticket_id:
        rows = rows.where(AuditEntry.ticket_id == query.ticket_id.strip().upper())
    if query.actor:
        # "officer:3", "supervisor:somchai@…" or just part of it, as staff type it.
        rows = rows.where(AuditEntry.actor.contains(query.actor.strip(), autoescape=True))
    if query.outcome:
        rows = rows.where(AuditEntry.outcome == query.outcome)
    if query.since:
        rows = rows.where(AuditEntry.at >= query.since)
    if query.until:
        rows = rows.where(AuditEntry.at < query.until)
    if query.before_id:
        rows = rows.where(AuditEntry.id < query.before_id)
    if query.after_id:
        rows = rows.where(AuditEntry.id > query.after_id).order_by(AuditEntry.id)
    else:
        rows = rows.order_by(AuditEntry.id.desc())
    return list(uow.session.scalars(rows.limit(query.limit)))
