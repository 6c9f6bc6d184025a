"""The worker: turns stored webhook events into answers and delivers the outbox to LINE."""
from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from bot import errors, housekeeping, limits, richmenu, sending, services
from bot.admin import operations
from bot.insight import weekly
from bot.line import conversation
from bot.line.events import read_turn
from bot.queues import backoff, claim, following, still_ours
from bot.runtime import Runtime
from bot.line import messages as m
from bot.texts import t
from bot.webhooks.delivery import waiting_soon as webhooks_waiting_soon
from bot.webhooks.senders import Senders
from storage.models import InboxEvent, LineUser, OutboxMessage, utcnow
from storage.wakeup import Wakeup

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
# A thread looks at the outbox and its chores this often, not every round: a turn sends its own
# answer itself (sending.claim_answer), and an outbox poll per event (each of a worker's threads
# wakes for every new event) was a fifth of the worker's statements. Other messages (officers',
# the dashboard's) wait at most this long more.
SIDE_SECONDS = 0.2


class GaveUp(Exception):
    """An event was claimed more often than allowed: every worker that tried it died."""


def run(runtime: Runtime, *, drain: bool = False, poll_seconds: float = 0.5,
        should_stop=lambda: False) -> None:
    """Process the inbox and deliver the outbox until stopped (or, with drain, until idle), with
    WORKER_CONCURRENCY threads on PostgreSQL: while one waits on the database, another works."""
    outages = _Outages()
    wakeup = Wakeup(runtime.db)  # on PostgreSQL an idle worker starts as soon as an event is stored
    wakeup.listen()
    # Outgoing webhooks on their own threads: a slow subscriber never holds up a citizen's answer.
    webhooks = Senders(runtime, outages, poll_seconds).start()
    helpers = [threading.Thread(target=_loop, args=(runtime, drain, poll_seconds, should_stop,
                                                     wakeup, outages, False, webhooks),
                                name=f"worker-{n}", daemon=True)
               for n in range(1, runtime.settings.worker_threads)]
    try:
        for helper in helpers:
            helper.start()
        _loop(runtime, drain, poll_seconds, should_stop, wakeup, outages, True, webhooks)
        for helper in helpers:
            helper.join()
        if drain:  # an erasure's last message a helper sent after the chores last looked
            _finish_erasures(runtime)
    finally:
        webhooks.stop()
        wakeup.close()


def _finish_erasures(runtime: Runtime) -> None:
    """Finish erasures once more as a drain ends; a failure is left to the next worker's chores."""
    try:
        housekeeping.finish_erasures(runtime, drain=True)
    except SQLAlchemyError as error:
        log.warning("erasures left to finish later: %s", errors.describe(error))


class _Outages:
    """Which of a worker's threads (webhook senders included) find the database away, so an
    outage is logged once, not once per thread."""

    def __init__(self):
        self._lock, self._down = threading.Lock(), set()

    def failed(self, error: Exception) -> None:
        """This thread's first round failed: log the outage if it is the first thread to notice."""
        with self._lock:
            first = not self._down
            self._down.add(threading.get_ident())
        if first:
            log.warning("worker paused: %s; retrying with backoff", errors.describe(error))

    def recovered(self, rounds: int) -> None:
        """This thread works again: log the end of the outage if it was the last one failing."""
        with self._lock:
            self._down.discard(threading.get_ident())
            last = not self._down
        if last:
            log.warning("worker resumed after %d failed round(s)", rounds)


def _loop(runtime: Runtime, drain: bool, poll_seconds: float, should_stop, wakeup: Wakeup,
          outages: _Outages, chores: bool, webhooks: Senders) -> None:
    """One thread's rounds: work while there is work, wait for more when there is none; `chores`:
    also the heartbeat, rich menus, digests and privacy chores (finishing erasures, retention),
    which one thread per process is enough for."""
    outage = 0
    name, last_beat, side_due = operations.worker_name(), float("-inf"), 0.0
    # Several threads take small batches, so no event waits behind a long batch of another's.
    batch = 20 if runtime.settings.worker_threads == 1 else 5
    while not should_stop():
        try:
            worked = process_inbox(runtime, batch)
            if worked >= batch:
                wakeup.kick()  # a full batch: there may be more, and another thread may take it
            if drain or time.monotonic() >= side_due:
                side = sending.deliver_outbox(runtime)
                if chores:
                    last_beat = _heartbeat(runtime, name, last_beat)
                    side += (richmenu.sync_officers(runtime) + weekly.send_due(runtime)
                             + housekeeping.run(runtime, drain))
                worked += side
                side_due = time.monotonic() + (0.0 if side else SIDE_SECONDS)
            within = runtime.settings.drain_wait_seconds
            done = drain and not worked and not (
                _waiting_soon(runtime, within) or webhooks.busy()
                or webhooks_waiting_soon(runtime, within))
        except Exception as error:  # noqa: BLE001 - a database restart or lock must not stop us
            outage += 1
            if outage == 1:
                outages.failed(error)
            time.sleep(min(30.0, runtime.settings.retry_base_seconds * 2 ** (outage - 1)))
            continue
        if outage:
            outages.recovered(outage)
            outage = 0
        if done:
            return
        if not worked:
            wakeup.wait(poll_seconds, should_stop)


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
    claimed = claim(runtime, InboxEvent, limit, _inbox_order(),
                    each=lambda uow, row: _read(runtime.settings, uow, row))
    for event_id, token, read in claimed:
        _process_event(runtime, event_id, token, read)
    return len(claimed)


def _read(settings, uow, row: InboxEvent) -> tuple:
    """(turn, pace, failure) of a claimed event, read in the claiming transaction."""
    try:
        if row.attempts > settings.process_attempts:
            raise GaveUp(f"claimed {row.attempts} times: its worker died each time")
        turn = read_turn(row.body, row.event_time)
    except Exception as error:  # noqa: BLE001 - a poison event fails alone, later
        return None, limits.OK, error
    if turn is None:
        return None, limits.OK, None
    pace, turn.more_coming = limits.around(uow, row, settings)
    return turn, pace, None


def _process_event(runtime: Runtime, event_id: int, token: str, read: tuple) -> None:
    """Run one claimed event through the conversation; any failure is counted and retried."""
    turn, pace, failure = read
    answer = None
    try:
        if failure is not None:
            raise failure
        if turn is not None and pace == limits.OK:
            conversation.prepare(runtime, turn)
        with runtime.db.uow() as uow:
            row = still_ours(uow, InboxEvent, event_id, token)
            if row is None:
                return
            if pace != limits.OK:
                limits.hold_back(uow, runtime, turn, pace)
            elif turn is not None:
                if turn.kind == "image" and not turn.more_coming:
                    # The next photo of a burst often arrives while this one downloads.
                    turn.more_coming = limits.around(uow, row, runtime.settings)[1]
                conversation.handle(uow, runtime, turn)
            row.status = "throttled" if pace != limits.OK else "done" if turn else "ignored"
            row.processed_at, row.claim, row.error = utcnow(), None, None
            answer = sending.claim_answer(uow, runtime.settings, turn and turn.reply_token)
            uow.commit()
    except Exception as error:  # noqa: BLE001 - any failure must leave the event retryable
        _log_failure(event_id, error)
        _event_failed(runtime, event_id, token, error)
        return
    if answer is not None:
        _send_answer(runtime, *answer)


def _send_answer(runtime: Runtime, token: str, attempt) -> None:
    """Send a turn's answer right after its turn; the event is done whatever happens here, and
    an answer left unsent (a worker that died, a database away) is the outbox lease's to retry."""
    try:
        sending.send_claimed(runtime, token, attempt)
    except Exception as error:  # noqa: BLE001 - the lease takes it from here
        log.warning("answer %s left to the outbox: %s", attempt.message_id, errors.describe(error))


def _log_failure(event_id: int, error: Exception) -> None:
    """Log a failed event by id and error type; LINE being away is expected, anything else is not."""
    if isinstance(error, conversation.TryLater):
        log.warning("event %s failed: %s", event_id, errors.describe(error))
    else:
        log.error("event %s failed: %s\n%s", event_id, errors.describe(error), errors.stack(error))


def _event_failed(runtime: Runtime, event_id: int, token: str, error: Exception) -> None:
    """Schedule a retry with backoff, or give up, tell the user and keep the event visible."""
    with runtime.db.uow() as uow:
        row = still_ours(uow, InboxEvent, event_id, token)
        if row is None:
            return
        row.error, row.claim = errors.describe(error), None  # the attempt was counted when claimed
        if row.attempts >= runtime.settings.process_attempts:
            row.status = "failed"
            user_id = _sender(row)
            if user_id and following(uow, user_id):
                user = uow.session.get(LineUser, user_id)
                lang = user.language if user else "th"
                services.send(uow, user_id, [m.text(t("failed", lang))], purpose="failure")
        else:
            row.status = "pending"
            row.next_attempt_at = utcnow() + backoff(runtime, row.attempts)
        uow.commit()


def _sender(row: InboxEvent) -> str | None:
    """Who sent a 1:1 chat event, to tell them it failed (None if the event cannot be read)."""
    try:
        turn = read_turn(row.body, row.event_time)
    except Exception:  # noqa: BLE001 - the event itself may be what failed
        return None
    return turn.user_id if turn else None


def _inbox_order():
    """Events are handled in the order they happened, not the order they arrived."""
    return (InboxEvent.event_time, InboxEvent.id)


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

