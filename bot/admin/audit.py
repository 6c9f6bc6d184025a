"""The dashboard's audit trail, in one place so it can later point at the shared audit table.

Append-only: nothing here (or anywhere) updates or deletes an entry.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.admin_models import AdminAuditEntry
from storage.db import UnitOfWork
from storage.models import Case, utcnow

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
    limit: int = 100


def record(uow: UnitOfWork, actor: str, action: str, *, case: Case | None = None,
           outcome: str = "done", reason: str | None = None, before: dict | None = None,
           after: dict | None = None) -> None:
    """Append one audit entry in this unit of work."""
    uow.session.add(AdminAuditEntry(at=utcnow(), actor=actor[:80], action=action[:32],
                                    outcome=outcome, case_id=case.id if case else None,
                                    ticket_id=case.ticket_id if case else None, reason=reason,
                                    before=before or {}, after=after or {}))
    log.info("audit: %s (%s) case %s", action, outcome, case.ticket_id if case else "-")


def entries(uow: UnitOfWork, query: AuditQuery) -> list[AdminAuditEntry]:
    """Audit entries matching the query, newest first (oldest first when following)."""
    rows = select(AdminAuditEntry)
    if query.ticket_id:
        rows = rows.where(AdminAuditEntry.ticket_id == query.ticket_id.strip().upper())
    if query.actor:
        rows = rows.where(AdminAuditEntry.actor == query.actor)
    if query.outcome:
        rows = rows.where(AdminAuditEntry.outcome == query.outcome)
    if query.since:
        rows = rows.where(AdminAuditEntry.at >= query.since)
    if query.until:
        rows = rows.where(AdminAuditEntry.at < query.until)
    if query.after_id:
        rows = rows.where(AdminAuditEntry.id > query.after_id).order_by(AdminAuditEntry.id)
    else:
        rows = rows.order_by(AdminAuditEntry.id.desc())
    return list(uow.session.scalars(rows.limit(query.limit)))
