"""The worker: turns stored webhook events into answers and delivers the outbox to LINE."""
from __future__ import annotations

import logging
import random
import time
import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from bot import services
from bot import photos
from bot.line import conversation
from bot.line.client import LineError
from bot.line.events import read_turn
from bot.runtime import Runtime
from bot.line import messages as m
from bot.texts import t
from bot.webhooks.delivery import deliver_webhooks, waiting_soon as webhooks_waiting_soon
from storage.models import InboxEvent, LineUser, OutboxMessage, utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=120)  # a claimed row whose worker died is taken again after this
BUSY = ("pending", "processing", "sending")


def run(runtime: Runtime, *, drain: bool = False, poll_seconds: float = 0.5,
        should_stop=lambda: False) -> None:
    """Process the inbox and deliver the outbox until stopped (or, with drain, until idle)."""
    while not should_stop():
        worked = process_inbox(runtime) + deliver_outbox(runtime) + deliver_webhooks(runtime)
        if worked:
            continue
        within = runtime.settings.drain_wait_seconds
        if drain and not (_waiting_soon(runtime, within) or webhooks_waiting_soon(runtime, within)):
            return
        time.sleep(poll_seconds)


def process_inbox(runtime: Runtime, limit: int = 20) -> int:
    """Handle up to `limit` pending events, oldest first and one at a time per user."""
    handled = 0
    for event_id, claim in _claim(runtime, InboxEvent, limit, _inbox_order()):
        _process_event(runtime, event_id, claim)
        handled += 1
    return handled


def deliver_outbox(runtime: Runtime, limit: int = 20) -> int:
    """Send up to `limit` queued messages, oldest first and in order per user."""
    sent = 0
    for message_id, claim in _claim(runtime, OutboxMessage, limit, (OutboxMessage.id,)):
        _deliver(runtime, message_id, claim)
        sent += 1
    return sent


def _process_event(runtime: Runtime, event_id: int, claim: str) -> None:
    """Run one claimed event through the conversation; retry later if LINE was unreachable."""
    with runtime.db.uow() as uow:
        row = uow.session.get(InboxEvent, event_id)
        turn = read_turn(row.body, row.event_time)
        attempts = row.attempts
    try:
        if turn is not None:
            conversation.fetch_photo(runtime, turn)
        with runtime.db.uow() as uow:
            row = _still_ours(uow, InboxEvent, event_id, claim)
            if row is None:
                return
            if turn is not None:
                conversation.handle(uow, runtime, turn)
            row.status = "done" if turn is not None else "ignored"
            row.processed_at, row.claim, row.error = utcnow(), None, None
            uow.commit()
    except Exception as error:  # noqa: BLE001 - any failure must leave the event retryable
        expected = isinstance(error, conversation.TryLater)
        log.log(logging.WARNING if expected else logging.ERROR, "event %s failed (attempt %d): %s",
                event_id, attempts + 1, error, exc_info=not expected)
        _event_failed(runtime, event_id, claim, error, turn)


def _event_failed(runtime: Runtime, event_id: int, claim: str, error: Exception, turn) -> None:
    """Schedule a retry with backoff, or give up, tell the user and keep the event visible."""
    with runtime.db.uow() as uow:
        row = _still_ours(uow, InboxEvent, event_id, claim)
        if row is None:
            return
        row.attempts += 1
        row.error, row.claim = f"{type(error).__name__}: {error}"[:2000], None
        if row.attempts >= runtime.settings.process_attempts:
            row.status = "failed"
            if turn is not None and _following(uow, turn.user_id):
                user = uow.session.get(LineUser, turn.user_id)
                lang = user.language if user else "th"
                services.send(uow, turn.user_id, [m.text(t("failed", lang))], purpose="failure")
        else:
            row.status = "pending"
            row.next_attempt_at = utcnow() + _backoff(runtime, row.attempts)
        uow.commit()


def _deliver(runtime: Runtime, message_id: int, claim: str) -> None:
    """Send one claimed outbox row: reply while the token is fresh, else push with its retry key."""
    with runtime.db.uow() as uow:
        row = uow.session.get(OutboxMessage, message_id)
        if not _following(uow, row.user_id):
            row.status, row.claim, row.error = "skipped", None, "user does not follow the bot"
            uow.commit()
            return
        outgoing = photos.resolve(row.messages, runtime.settings)
        plan = (row.user_id, row.reply_token, row.reply_until, row.retry_key, row.reply_ambiguous)
    user_id, token, until, retry_key, ambiguous = plan
    outcome, error, by = "sent", None, "push"
    try:
        by = _send(runtime, user_id, outgoing, token, until, retry_key, ambiguous)
    except LineError as failure:
        outcome, error = ("retry" if failure.retryable else "failed"), failure
        if token and failure.ambiguous and _fresh(until):
            outcome = "ambiguous_reply"
    _record_delivery(runtime, message_id, claim, outcome, error, by)


def _send(runtime: Runtime, user_id: str, outgoing: list, token: str | None,
          until: datetime | None, retry_key: str, ambiguous: bool) -> str:
    """Try the reply token first, fall back to a push; return how the message went."""
    if token and _fresh(until):
        try:
            runtime.line.reply(token, outgoing)
            return "reply"
        except LineError as error:
            if error.invalid_reply_token and ambiguous:
                return "reply"  # our earlier, unanswered reply used the token: it was delivered
            if not error.invalid_reply_token:
                raise
            log.info("reply token refused for outbox message; pushing instead")
    runtime.line.push(user_id, outgoing, retry_key)
    return "push"


def _record_delivery(runtime: Runtime, message_id: int, claim: str, outcome: str,
                     error: LineError | None, by: str) -> None:
    """Write down what happened to a delivery attempt."""
    with runtime.db.uow() as uow:
        row = _still_ours(uow, OutboxMessage, message_id, claim)
        if row is None:
            return
        row.claim = None
        if outcome == "sent":
            row.status, row.sent_at, row.sent_by, row.error = "sent", utcnow(), by, None
        else:
            row.attempts += 1
            row.error = str(error) + (f" {error.body}"[:500] if error and error.body else "")
            row.reply_ambiguous = row.reply_ambiguous or outcome == "ambiguous_reply"
            if outcome == "failed" or row.attempts >= runtime.settings.send_attempts:
                row.status = "failed"
                log.warning("outbox message %s failed for good: %s", message_id, row.error)
            else:
                row.status = "pending"
                row.next_attempt_at = utcnow() + _backoff(runtime, row.attempts)
        uow.commit()


def _claim(runtime: Runtime, model, limit: int, order) -> list[tuple[int, str]]:
    """Mark due rows as ours for a lease, skipping users who have an earlier row in flight."""
    claim, now = str(uuid.uuid4()), utcnow()
    with runtime.db.uow() as uow:
        earlier = aliased(model)
        blocked = exists().where(and_(earlier.user_id == model.user_id, earlier.status.in_(BUSY),
                                      _before(earlier, model)))
        in_flight = model.status.in_(("processing", "sending"))
        query = (select(model).where(
            ((model.status == "pending") | in_flight) & (model.next_attempt_at <= now) & ~blocked)
            .order_by(*order).limit(limit))
        if uow.is_postgres:
            query = query.with_for_update(skip_locked=True, of=model)
        rows = list(uow.session.scalars(query))
        working = "processing" if model is InboxEvent else "sending"
        for row in rows:
            row.status, row.claim, row.next_attempt_at = working, claim, now + LEASE
        uow.commit()
        return [(row.id, claim) for row in rows]


def _before(earlier, row):
    """The condition 'earlier comes before row' for the model's ordering."""
    if hasattr(row, "event_time"):
        return (earlier.event_time < row.event_time) | (
            (earlier.event_time == row.event_time) & (earlier.id < row.id))
    return earlier.id < row.id


def _inbox_order():
    """Events are handled in the order they happened, not the order they arrived."""
    return (InboxEvent.event_time, InboxEvent.id)


def _still_ours(uow, model, row_id: int, claim: str):
    """The row, if our claim on it still holds (a lease may have run out and been taken)."""
    return uow.session.scalar(select(model).where(model.id == row_id, model.claim == claim)
                              .with_for_update())


def _following(uow, user_id: str) -> bool:
    """Whether the user still follows the bot (unknown users count as following)."""
    user = uow.session.get(LineUser, user_id)
    return user is None or user.following


def _fresh(until: datetime | None) -> bool:
    """Whether a reply token is still worth trying."""
    return until is not None and utcnow() < until


def _backoff(runtime: Runtime, attempts: int) -> timedelta:
    """Exponential backoff with jitter, so a LINE outage is not hammered."""
    base = runtime.settings.retry_base_seconds * (2 ** (attempts - 1))
    return timedelta(seconds=min(base, 600) * random.uniform(0.8, 1.2))


def _waiting_soon(runtime: Runtime, within: float) -> bool:
    """Whether any inbox or outbox row is still to be worked on within `within` seconds."""
    horizon = utcnow() + timedelta(seconds=within)
    with runtime.db.uow() as uow:
        for model, states in ((InboxEvent, ("pending", "processing")),
                              (OutboxMessage, ("pending", "sending"))):
            if uow.session.scalar(select(func.count()).select_from(model).where(
                    model.status.in_(states), model.next_attempt_at <= horizon)):
                return True
    return False

