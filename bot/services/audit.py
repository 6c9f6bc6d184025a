"""The audit log: every officer and admin action and every refused attempt, append-only."""
from __future__ import annotations

import logging

from bot.permissions import Actor
from storage.db import UnitOfWork
from storage.models import AuditEntry, Case, utcnow

log = logging.getLogger(__name__)

__all__ = ["Refused", "audit", "refuse", "snapshot"]


class Refused(PermissionError):
    """The actor may not do this; the attempt is already in the audit log (commit to keep it)."""

    def __init__(self, reason: str, action: str):
        super().__init__(reason)
        self.reason, self.action = reason, action


def snapshot(case: Case | None) -> dict:
    """The parts of a case the audit log records before and after an action."""
    if case is None:
        return {}
    return {"state": case.state, "agency_id": case.agency_id, "categories": list(case.categories),
            "stars": case.stars, "reopen_count": case.reopen_count}


def audit(uow: UnitOfWork, actor: Actor, action: str, *, case: Case | None = None,
          ticket_id: str | None = None, outcome: str = "done", reason: str | None = None,
          before: dict | None = None, after: dict | None = None) -> None:
    """Append one entry to the audit log in this unit of work."""
    uow.session.add(AuditEntry(at=utcnow(), actor=actor.label[:80], action=action[:32],
                               outcome=outcome, case_id=case.id if case else None,
                               ticket_id=case.ticket_id if case else (ticket_id or None),
                               reason=reason, before=before or {}, after=after or {}))


def refuse(uow: UnitOfWork, actor: Actor, action: str, reason: str, *, case: Case | None = None,
           ticket_id: str | None = None) -> Refused:
    """Audit a refused attempt and return the exception to raise."""
    audit(uow, actor, action, case=case, ticket_id=(ticket_id or "")[:16], outcome="refused",
          reason=reason, before=snapshot(case))
    log.info("refused %s by %s on case %s: %s", action, actor.kind, ticket_id or "-", reason)
    return Refused(reason, action)
