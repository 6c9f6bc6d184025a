"""The worker: turns stored webhook events into answers and delivers the outbox to LINE."""
from __future__ import annotations

import logging
import random
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import aliased

from bot import errors, limits, photos, richmenu, services
from bot.admin import operations
from bot.insight import weekly
from bot.line import conversation
from bot.line.client import LineError
from bot.line.events import read_turn
from bot.runtime import Runtime
from bot.line import messages as m
from bot.texts import t
from bot.webhooks.delivery import deliver_webhooks, waiting_soon as webhooks_waiting_soon
from storage.models import InboxEvent, LineUser, OutboxMessage, utcnow
from storage.wakeup import Wakeup

log = logging.getLogger(__name__)

BUSY = ("pending", "processing", "sending")
HEARTBEAT_SECONDS = 5.0


class GaveUp(Exception):
    """An event was claimed more often than allowed: every worker that tried it died."""


def run(runtime: Runtime, *, drain: bool = False, poll_seconds: float = 0.5,
        should_stop=lambda: False) -> None:
    """Process the inbox and deliver the outbox until stopped (or, with drain, until idle)."""
    wakeup = Wakeup(runtime.db)  # on PostgreSQL an idle worker starts as soon as an event is stored
    wakeup.listen()
    try:
        _loop(runtime, drain, poll_seconds, should_stop, wakeup)
    finally:
        wakeup.close()


def _loop(runtime: Runtime, drain: bool, poll_seconds: float, should_stop, wakeup: Wakeup) -> None:
    """The worker's rounds: work while there is work, wait for more when there is none."""
    outage = 0
    name, last_beat = operations.worker_name(), float("-inf")
    while not should_stop():
        try:
            last_beat = _heartbeat(runtime, name, last_beat)
            worked = (process_inbox(runtime) + deliver_outbox(runtime)
                      + richmenu.sync_officers(runtime) + deliver_webhooks(runtime)
                      + weekly.send_due(runtime))
            within = runtime.settings.drain_wait_seconds
            done = drain and not worked and not (
                _waiting_soon(runtime, within) or webhooks_waiting_soon(runtime, within))
        except Exception as error:  # noqa: BLE001 - a database restart or lock must not stop us
            outage += 1
            if outage == 1:
                log.warning("worker paused: %s; retrying with backoff", errors.describe(error))
            time.sleep(min(30.0, runtime.settings.retry_base_seconds * 2 ** (outage - 1)))
            continue
        if outage:
            log.warning("worker resumed after %d failed round(s)", outage)
            outage = 0
        if done:
            return
        if not worked:
            wakeup.wait(poll_seconds)


def _heartbeat(runtime: Runtime, name: str, last_beat: float) -> float:
    """Tell /healthz this worker is alive, at most every HEARTBEAT_SECONDS; return when it did."""
    if time.monotonic() - last_beat < HEARTBEAT_SECONDS:
        return last_beat
    try:
        with runtime.db.uow() as uow:
            operations.beat(uow, name)
            uow.commit()
    except SQLAlchemyError as error:  # a missed beat must never stop the work itself
        log.warning("worker heartbeat not written: %s", type(error).__name__)
        return last_beat
    return time.monotonic()


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
    """Run one claimed event through the conversation; any failure is counted and retried."""
    try:
        with runtime.db.uow() as uow:
            row = uow.session.get(InboxEvent, event_id)
            if row.attempts > runtime.settings.process_attempts:
                raise GaveUp(f"claimed {row.attempts} times: its worker died each time")
            turn = read_turn(row.body, row.event_time)
            pace = limits.pace(uow, row, runtime.settings) if turn else limits.OK
            if turn is not None:
                turn.more_coming = _more_coming(uow, row, runtime.settings.burst_seconds)
        if turn is not None and pace == limits.OK:
            conversation.prepare(runtime, turn)
        with runtime.db.uow() as uow:
            row = _still_ours(uow, InboxEvent, event_id, claim)
            if row is None:
                return
            if pace != limits.OK:
                limits.hold_back(uow, runtime, turn, pace)
            elif turn is not None:
                conversation.handle(uow, runtime, turn)
            row.status = "throttled" if pace != limits.OK else "done" if turn else "ignored"
            row.processed_at, row.claim, row.error = utcnow(), None, None
            uow.commit()
    except Exception as error:  # noqa: BLE001 - any failure must leave the event retryable
        _log_failure(event_id, error)
        _event_failed(runtime, event_id, claim, error)


def _more_coming(uow, row: InboxEvent, seconds: float) -> bool:
    """Whether the user sent another message within `seconds` after this one that waits its turn:
    then this turn updates the draft silently and the last of the burst answers for all."""
    if row.event_type != "message" or not row.user_id or seconds <= 0:
        return False
    return bool(uow.session.scalar(select(func.count()).select_from(InboxEvent).where(
        InboxEvent.user_id == row.user_id, InboxEvent.event_type == "message",
        InboxEvent.status.in_(("pending", "processing")), InboxEvent.id != row.id,
        InboxEvent.event_time >= row.event_time,
        InboxEvent.event_time <= row.event_time + timedelta(seconds=seconds))))


def _log_failure(event_id: int, error: Exception) -> None:
    """Log a failed event by id and error type; LINE being away is expected, anything else is not."""
    if isinstance(error, conversation.TryLater):
        log.warning("event %s failed: %s", event_id, errors.describe(error))
    else:
        log.error("event %s failed: %s\n%s", event_id, errors.describe(error), errors.stack(error))


def _event_failed(runtime: Runtime, event_id: int, claim: str, error: Exception) -> None:
    """Schedule a retry with backoff, or give up, tell the user and keep the event visible."""
    with runtime.db.uow() as uow:
        row = _still_ours(uow, InboxEvent, event_id, claim)
        if row is None:
            return
        row.error, row.claim = errors.describe(error), None  # the attempt was counted when claimed
        if row.attempts >= runtime.settings.process_attempts:
            row.status = "failed"
            user_id = _sender(row)
            if user_id and _following(uow, user_id):
                user = uow.session.get(LineUser, user_id)
                lang = user.language if user else "th"
                services.send(uow, user_id, [m.text(t("failed", lang))], purpose="failure")
        else:
            row.status = "pending"
            row.next_attempt_at = utcnow() + _backoff(runtime, row.attempts)
        uow.commit()


def _sender(row: InboxEvent) -> str | None:
    """Who sent a 1:1 chat event, to tell them it failed (None if the event cannot be read)."""
    try:
        turn = read_turn(row.body, row.event_time)
    except Exception:  # noqa: BLE001 - the event itself may be what failed
        return None
    return turn.user_id if turn else None


@dataclass
class _Attempt:
    """One delivery attempt of an outbox row, planned and recorded before LINE is called."""

    user_id: str
    outgoing: list
    method: str  # "reply" or "push"
    token: str | None
    retry_key: str
    ambiguous: bool  # an earlier reply may have reached the user


def _deliver(runtime: Runtime, message_id: int, claim: str) -> None:
    """Send one claimed outbox row by the method the delivery policy picks, and record how it went."""
    attempt = _plan(runtime, message_id, claim)
    if attempt is None:
        return
    outcome, error = "sent", None
    try:
        _send(runtime, message_id, claim, attempt)
    except LineError as failure:
        outcome, error = ("retry" if failure.retryable else "failed"), failure
        if attempt.method == "reply" and failure.ambiguous:
            outcome = "ambiguous_reply"
    _record_delivery(runtime, message_id, claim, outcome, error, attempt.method)


def _plan(runtime: Runtime, message_id: int, claim: str) -> _Attempt | None:
    """Choose reply or push and write the choice down before sending, so a killed worker is known."""
    with runtime.db.uow() as uow:
        row = _still_ours(uow, OutboxMessage, message_id, claim)
        if row is None:
            return None
        if row.sending_by == "reply":
            row.reply_ambiguous = True  # a worker died waiting for LINE's answer to this reply
        method = _method(runtime.settings, row)
        if not _following(uow, row.user_id):
            return _settle(uow, row, "skipped", "user does not follow the bot")
        if method is None:
            return _settle(uow, row, "unconfirmed",
                           "a reply may have reached the user: not pushed again (DELIVERY=reply)")
        row.sending_by = method
        attempt = _Attempt(row.user_id, photos.resolve(row.messages, runtime.settings), method,
                           row.reply_token, row.retry_key, row.reply_ambiguous)
        uow.commit()
        return attempt


def _settle(uow, row: OutboxMessage, status: str, reason: str) -> None:
    """Close an outbox row without sending it, saying why."""
    row.status, row.claim, row.sending_by, row.error = status, None, None, reason
    uow.commit()


def _method(settings, row: OutboxMessage) -> str | None:
    """Reply while the token is fresh, else push; None when a reply may have landed already."""
    if settings.delivery == "push":
        return "push"  # exactly once thanks to retry keys, at the cost of the push quota
    if row.reply_token and _fresh(row.reply_until):
        return "reply"
    return None if row.reply_ambiguous else "push"


def _send(runtime: Runtime, message_id: int, claim: str, attempt: _Attempt) -> None:
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
        log.info("reply token refused for outbox message %s; pushing instead", message_id)
        attempt.method = "push"
        with runtime.db.uow() as uow:
            row = _still_ours(uow, OutboxMessage, message_id, claim)
            if row is None:
                return
            row.sending_by = "push"
            uow.commit()
    runtime.line.push(attempt.user_id, attempt.outgoing, attempt.retry_key)


def _record_delivery(runtime: Runtime, message_id: int, claim: str, outcome: str,
                     error: LineError | None, by: str) -> None:
    """Write down what happened to a delivery attempt."""
    with runtime.db.uow() as uow:
        row = _still_ours(uow, OutboxMessage, message_id, claim)
        if row is None:
            return
        row.claim, row.sending_by = None, None
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
                wait = max(_backoff(runtime, row.attempts),
                           timedelta(seconds=min(error.retry_after or 0, 600)))
                row.status, row.next_attempt_at = "pending", utcnow() + wait
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
        lease = timedelta(seconds=runtime.settings.lease_seconds)  # then a dead worker's rows are retaken
        for row in rows:
            row.status, row.claim, row.next_attempt_at = working, claim, now + lease
            if model is InboxEvent:  # counted now, so a turn that kills its worker still ends
                row.attempts += 1
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

