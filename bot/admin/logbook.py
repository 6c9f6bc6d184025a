"""Reading the webhook inbox and the outbox, filtered, for the logs pages and `flask logs`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import false, select

from bot.privacy import pseudonym
from storage.models import Case, InboxEvent, LineUser, OutboxMessage


@dataclass(frozen=True)
class LogQuery:
    """Filters shared by the inbox and outbox logs."""

    ticket_id: str | None = None
    user: str | None = None          # a pseudonym, as shown on the pages
    state: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    after_id: int = 0                # for following: only rows newer than this
    before_id: int = 0               # for paging back: only rows older than this
    limit: int = 100


def inbox(session, query: LogQuery, secret_key: str) -> list[InboxEvent]:
    """Webhook events matching the query (a ticket means its reporter's events), newest first."""
    rows = select(InboxEvent)
    if query.ticket_id:
        reporter = session.scalar(select(Case.reporter_id).where(
            Case.ticket_id == query.ticket_id.strip().upper()))
        rows = rows.where(InboxEvent.user_id == reporter if reporter else false())
    if query.user:
        rows = rows.where(InboxEvent.user_id.in_(_users(session, query.user, secret_key)))
    return _finish(session, rows, InboxEvent, InboxEvent.received_at, query)


def outbox(session, query: LogQuery, secret_key: str) -> list[OutboxMessage]:
    """Outgoing messages matching the query, newest first."""
    rows = select(OutboxMessage)
    if query.ticket_id:
        rows = rows.join(Case, Case.id == OutboxMessage.case_id).where(
            Case.ticket_id == query.ticket_id.strip().upper())
    if query.user:
        rows = rows.where(OutboxMessage.user_id.in_(_users(session, query.user, secret_key)))
    return _finish(session, rows, OutboxMessage, OutboxMessage.created_at, query)


def texts(messages: list[dict]) -> str:
    """The words of outgoing LINE messages (text, or a card's alt text), for admins only."""
    return " / ".join(str(m.get("text") or m.get("altText") or f"[{m.get('type')}]")
                      for m in messages or [])


def _finish(session, rows, model, when, query: LogQuery) -> list:
    """Apply the state, time and paging filters shared by both logs."""
    if query.state:
        rows = rows.where(model.status == query.state)
    if query.since:
        rows = rows.where(when >= query.since)
    if query.until:
        rows = rows.where(when < query.until)
    if query.before_id:
        rows = rows.where(model.id < query.before_id)
    if query.after_id:
        rows = rows.where(model.id > query.after_id).order_by(model.id)
    else:
        rows = rows.order_by(model.id.desc())
    return list(session.scalars(rows.limit(query.limit)))


def _users(session, wanted: str, secret_key: str) -> list[str]:
    """LINE user ids whose pseudonym is `wanted` (a keyed hash cannot be reversed, so compare)."""
    wanted = wanted.strip()
    return [user_id for user_id in session.scalars(select(LineUser.id))
            if pseudonym(secret_key, user_id) == wanted]
