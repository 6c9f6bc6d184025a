"""Deliver the outbox to LINE: claim a batch, send it concurrently, record how each send went."""
from __future__ import annotations

import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, select, update

from bot import photos
from bot.line.client import LineError
from bot.queues import BUSY, backoff, claim, following, fresh, still_ours
from storage.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

SEND_THREADS = 8  # LINE calls in flight per worker process, so its latency does not add up
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()

_ON_ITS_WAY = select(OutboxMessage.id).where(  # built once, like every query on this path
    OutboxMessage.user_id == bindparam("user"), OutboxMessage.status.in_(BUSY)).limit(1)
_OUTBOX = OutboxMessage.__table__
_SENT = (update(_OUTBOX)
         .where(_OUTBOX.c.id == bindparam("row_id"), _OUTBOX.c.claim == bindparam("token"))
         .values(status="sent", sent_at=bindparam("at"), sent_by=bindparam("by"), error=None,
                 claim=None, sending_by=None))


@dataclass
class _Attempt:
    """One delivery attempt of an outbox row, planned and recorded before LINE is called."""

    message_id: int
    user_id: str
    outgoing: list
    method: str  # "reply" or "push"
    token: str | None
    retry_key: str
    ambiguous: bool  # an earlier reply may have reached the user
    outcome: str = "unknown"  # until LINE has answered: unrecorded, so the lease decides
    error: LineError | None = None


def deliver_outbox(runtime, limit: int = 20) -> int:
    """Send up to `limit` queued messages, oldest first and in order per user (at most one row
    per user is claimed at a time, so sending a batch concurrently keeps each user's order)."""
    claimed = claim(runtime, OutboxMessage, limit, (OutboxMessage.id,),
                    each=lambda uow, row: _plan(runtime.settings, uow, row))
    attempts = [attempt for _id, _token, attempt in claimed if attempt is not None]
    if not attempts:
        return len(claimed)
    token = claimed[0][1]
    try:
        if runtime.settings.worker_threads > 1 and len(attempts) > 1:
            sends = [_senders().submit(_attempt, runtime, token, a) for a in attempts]
            wait(sends)
            for send in sends:
                send.result()  # a failure other than LINE's is the worker's to report
        else:
            for attempt in attempts:
                _attempt(runtime, token, attempt)
    finally:  # what was sent is written down even when one send broke the batch
        _record(runtime, token, [a for a in attempts if a.outcome != "unknown"])
    return len(claimed)


def claim_answer(uow, settings, reply_token: str | None) -> tuple[str, _Attempt] | None:
    """In the transaction of the turn that queued it, claim the turn's own answer (the outbox row
    with its reply token), so the worker sends it as soon as the turn commits: the claiming
    transaction and its queries are saved, a third of an answer's statements. None when there
    is no such row, or when an earlier message to the user is still on its way (order first)."""
    if not reply_token:
        return None
    rows = [obj for obj in (*uow.session.new, *uow.session.identity_map.values())
            if isinstance(obj, OutboxMessage) and obj.reply_token == reply_token
            and obj.status in (None, "pending") and obj.claim is None]
    if len(rows) != 1:
        return None
    row = rows[0]
    with uow.session.no_autoflush:
        earlier = uow.session.scalar(_ON_ITS_WAY, {"user": row.user_id})
    if earlier is not None:
        return None
    token = str(uuid.uuid4())
    row.status, row.claim, row.sending_by = "sending", token, _method(settings, row)
    row.next_attempt_at = utcnow() + timedelta(seconds=settings.lease_seconds)
    uow.session.flush()  # its id; a worker that dies from here on leaves it to the lease
    return token, _Attempt(row.id, row.user_id, photos.resolve(row.messages, settings),
                           row.sending_by, row.reply_token, row.retry_key, False)


def send_claimed(runtime, token: str, attempt: _Attempt) -> None:
    """Send one claimed message and write down how it went."""
    try:
        _attempt(runtime, token, attempt)
    finally:
        _record(runtime, token, [attempt] if attempt.outcome != "unknown" else [])


def _senders() -> ThreadPoolExecutor:
    """The process's pool of sending threads (each keeps its own connections to LINE)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(SEND_THREADS, thread_name_prefix="line-send")
        return _pool


def _plan(settings, uow, row: OutboxMessage) -> _Attempt | None:
    """Choose reply or push and write the choice down (with the claim) before sending, so a
    killed worker is known to have maybe sent it; None when the row is closed unsent."""
    if row.sending_by == "reply":
        row.reply_ambiguous = True  # a worker died waiting for LINE's answer to this reply
    method = _method(settings, row)
    with uow.session.no_autoflush:  # else the claim is flushed here and the choice in a 2nd UPDATE
        follows = following(uow, row.user_id)
    if not follows:
        return _settle(row, "skipped", "user does not follow the bot")
    if method is None:
        return _settle(row, "unconfirmed",
                       "a reply may have reached the user: not pushed again (DELIVERY=reply)")
    row.sending_by = method
    return _Attempt(row.id, row.user_id, photos.resolve(row.messages, settings), method,
                    row.reply_token, row.retry_key, row.reply_ambiguous)


def _settle(row: OutboxMessage, status: str, reason: str) -> None:
    """Close an outbox row without sending it, saying why."""
    row.status, row.claim, row.sending_by, row.error = status, None, None, reason


def _method(settings, row: OutboxMessage) -> str | None:
    """Reply while the token is fresh, else push; None when a reply may have landed already."""
    if settings.delivery == "push":
        return "push"  # exactly once thanks to retry keys, at the cost of the push quota
    if row.reply_token and fresh(row.reply_until):
        return "reply"
    return None if row.reply_ambiguous else "push"


def _attempt(runtime, token: str, attempt: _Attempt) -> None:
    """Send one planned message and note the outcome on the attempt."""
    try:
        _send(runtime, token, attempt)
        attempt.outcome = "sent"
    except LineError as failure:
        attempt.outcome, attempt.error = ("retry" if failure.retryable else "failed"), failure
        if attempt.method == "reply" and failure.ambiguous:
            attempt.outcome = "ambiguous_reply"


def _send(runtime, token: str, attempt: _Attempt) -> None:
    """Reply or push; a reply LINE refuses falls back to a push, written down before it is made."""
    if attempt.method == "reply":
        try:
            runtime.line.reply(attempt.token, attempt.outgoing)
            return
        except LineError as error:
            if error.invalid_reply_token and attempt.ambiguous:
                return  # our earlier, unanswered reply used the token: it was delivered
            if not error.invalid_reply_token:
                raise
        log.info("reply token refused for outbox message %s; pushing instead", attempt.message_id)
        attempt.method = "push"
        with runtime.db.uow() as uow:
            row = still_ours(uow, OutboxMessage, attempt.message_id, token)
            if row is None:
                return
            row.sending_by = "push"
            uow.commit()
    runtime.line.push(attempt.user_id, attempt.outgoing, attempt.retry_key)


def _record(runtime, token: str, attempts: list[_Attempt]) -> None:
    """Write down what happened to a batch of delivery attempts, in one transaction."""
    if not attempts:
        return
    sent = [a for a in attempts if a.outcome == "sent"]
    others = [a for a in attempts if a.outcome != "sent"]
    with runtime.db.uow() as uow:
        # Sent, the usual outcome: one UPDATE a message, no row loaded. The claim in the WHERE
        # leaves alone a row whose lease ran out and that another worker took.
        if sent:
            uow.connection.execute(_SENT, [{"row_id": a.message_id, "token": token,
                                            "by": a.method, "at": utcnow()} for a in sent])
        rows = {row.id: row for row in uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.id.in_([a.message_id for a in others]),
                                        OutboxMessage.claim == token)
            .order_by(OutboxMessage.id).with_for_update())} if others else {}
        for attempt in others:
            row = rows.get(attempt.message_id)
            if row is not None:  # else our lease ran out and another worker took it
                _note(runtime, row, attempt)
        uow.commit()


def _note(runtime, row: OutboxMessage, attempt: _Attempt) -> None:
    """Write down one attempt: sent, to be retried with backoff, or failed for good."""
    row.claim, row.sending_by = None, None
    if attempt.outcome == "sent":
        row.status, row.sent_at, row.sent_by, row.error = "sent", utcnow(), attempt.method, None
        return
    error = attempt.error
    row.attempts += 1
    row.error = str(error) + (f" {error.body}"[:500] if error and error.body else "")
    row.reply_ambiguous = row.reply_ambiguous or attempt.outcome == "ambiguous_reply"
    if attempt.outcome == "failed" or row.attempts >= runtime.settings.send_attempts:
        row.status = "failed"
        log.warning("outbox message %s failed for good: %s", row.id, row.error)
    else:
        wait = max(backoff(runtime, row.attempts),
                   timedelta(seconds=min(error.retry_after or 0, 600)))
        row.status, row.next_attempt_at = "pending", utcnow() + wait
