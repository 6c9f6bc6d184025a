"""Running the service: re-queue failed messages, worker heartbeats, backlog sizes."""
from __future__ import annotations

import os
import socket
from datetime import datetime

from sqlalchemy import func, select

from bot.admin import audit
from bot.permissions import Actor
from storage.admin_models import WorkerHeartbeat
from storage.db import UnitOfWork
from storage.models import Case, InboxEvent, OutboxMessage, utcnow


class NotRetryable(ValueError):
    """Only failed outbox messages can be retried."""


def retry_outbox_message(uow: UnitOfWork, message_id: int, *, actor: Actor) -> OutboxMessage:
    """Put a failed message back in the queue with a fresh attempt count and its old retry key."""
    row = uow.session.get(OutboxMessage, message_id, with_for_update=True)
    if row is None or row.status != "failed":
        raise NotRetryable(f"outbox message {message_id} is not a failed message")
    if not row.messages:  # emptied by retention (RETENTION_DAYS): nothing is left to send
        raise NotRetryable(f"outbox message {message_id} has no messages left to send")
    before = {"status": row.status, "attempts": row.attempts}
    # The retry key stays: if LINE did take an earlier attempt, it answers 409 and nothing doubles.
    row.status, row.attempts, row.claim, row.next_attempt_at = "pending", 0, None, utcnow()
    row.reply_token = None  # long expired by the time a person presses retry
    case = uow.session.get(Case, row.case_id) if row.case_id else None
    audit.record(uow, actor, "retry_outbox", case=case, before=before,
                 after={"status": "pending", "message_id": row.id})
    return row


def worker_name() -> str:
    """This worker process's name in the heartbeat table."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}"


def beat(uow: UnitOfWork, worker: str) -> None:
    """Record that a worker is alive now."""
    row = uow.session.get(WorkerHeartbeat, worker)
    if row is None:
        uow.session.add(WorkerHeartbeat(worker=worker, beat_at=utcnow()))
    else:
        row.beat_at = utcnow()


def last_heartbeat(uow: UnitOfWork) -> datetime | None:
    """When any worker last went round its loop."""
    return uow.session.scalar(select(func.max(WorkerHeartbeat.beat_at)))


def backlogs(uow: UnitOfWork) -> dict[str, int]:
    """How many events wait to be handled and messages wait to be sent, and how many failed."""
    def count(model, *states) -> int:
        return uow.session.scalar(select(func.count()).select_from(model)
                                  .where(model.status.in_(states))) or 0
    return {"inbox_pending": count(InboxEvent, "pending", "processing"),
            "inbox_failed": count(InboxEvent, "failed"),
            "outbox_pending": count(OutboxMessage, "pending", "sending"),
            "outbox_failed": count(OutboxMessage, "failed")}
