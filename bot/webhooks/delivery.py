"""Deliver queued webhook events: signed POSTs outside any transaction, retried with backoff.

One delivery at a time per subscriber, oldest first. A subscriber that fails for good (a 4xx other
than 408/425/429, an address that is not allowed, or every attempt used up) is paused and its
other deliveries are held, not retried forever; `webhooks resume` releases them. Every network
failure is recorded as the same error, so the log cannot be used to scan a network's ports.
"""
from __future__ import annotations

import logging
import random
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from bot.webhooks.addresses import NotAllowed, Resolve, resolve_target
from bot.webhooks.exchange import FAILURES, Exchange
from bot.webhooks.outbox import SIGNATURE_HEADER, body_of, sign
from storage.models import utcnow
from storage.opendata import WebhookDelivery, WebhookSubscriber

log = logging.getLogger(__name__)
RETRYABLE_4XX = (408, 425, 429)
UNREACHABLE = "not delivered: no connection, or no complete answer within the deadline"


class Refused(Exception):
    """The subscriber answered with a status other than 2xx (a redirect is not followed)."""

    def __init__(self, status: int):
        note = ": redirects are not followed" if 300 <= status < 400 else ""
        super().__init__(f"HTTP {status}{note}")
        self.status = status

    @property
    def permanent(self) -> bool:
        """Whether trying again cannot help (a client error other than timeouts and rate limits)."""
        return 400 <= self.status < 500 and self.status not in RETRYABLE_4XX


class Unreachable(Exception):
    """The exchange failed on the network; which way is not said (see UNREACHABLE)."""

    def __init__(self):
        super().__init__(UNREACHABLE)


class Stopped(Exception):
    """The worker stopped during the exchange: the delivery goes back to the queue, uncounted."""


@dataclass(frozen=True)
class Job:
    """A claimed delivery, with what it takes to send it."""

    delivery_id: int
    claim: str
    url: str
    secret: str
    payload: dict
    deadline: float  # time.monotonic() by which the whole exchange is over


def claim_next(runtime) -> Job | None:
    """Take the oldest due delivery whose subscriber waits for no earlier one, for a lease longer
    than its deadline (SKIP LOCKED on PostgreSQL; SQLite's transactions take the write lock)."""
    claim, now = str(uuid.uuid4()), utcnow()
    deadline = time.monotonic() + runtime.settings.webhook_deadline_seconds
    earlier = aliased(WebhookDelivery)
    waiting = exists().where(earlier.subscriber_id == WebhookDelivery.subscriber_id,
                             earlier.status.in_(("pending", "sending", "held")),
                             earlier.id < WebhookDelivery.id)
    with runtime.db.uow() as uow:
        query = (select(WebhookDelivery)
                 .where(WebhookDelivery.status.in_(("pending", "sending")),
                        WebhookDelivery.next_attempt_at <= now, ~waiting)
                 .order_by(WebhookDelivery.id).limit(1))
        if uow.is_postgres:
            query = query.with_for_update(skip_locked=True, of=WebhookDelivery)
        row = uow.session.scalar(query)
        if row is None:
            return None
        subscriber = uow.session.get(WebhookSubscriber, row.subscriber_id)
        row.status, row.claim = "sending", claim
        row.next_attempt_at = now + timedelta(seconds=runtime.settings.webhook_lease_seconds)
        job = Job(row.id, claim, subscriber.url, subscriber.secret, row.payload, deadline)
        uow.commit()
        return job


def attempt(settings, job: Job, exchange: Exchange,
            resolve: Resolve) -> tuple[int | None, Exception | None]:
    """POST the signed payload to the checked address; return (HTTP status or None, error)."""
    body = body_of(job.payload)
    headers = {"Content-Type": "application/json; charset=utf-8",
               SIGNATURE_HEADER: sign(job.secret, body), "X-Chaeng-Event": job.payload["event"],
               "X-Chaeng-Delivery": job.payload["id"], "User-Agent": "Chaeng-Webhooks/1"}
    try:
        target = resolve_target(job.url, settings.webhook_allowed_private_hosts, resolve)
        status = exchange.post(target, headers, body)
    except NotAllowed as error:
        log.warning("webhook delivery %s refused: its address is not allowed", job.delivery_id)
        return None, error
    except FAILURES as error:  # refused, reset, timed out, cut, DNS, TLS, a malformed answer
        if exchange.stopped:
            return None, Stopped()
        log.info("webhook delivery %s did not reach its subscriber: %s", job.delivery_id,
                 type(error).__name__)
        return None, Unreachable()
    return status, None if 200 <= status < 300 else Refused(status)


def record(runtime, job: Job, status: int | None, error: Exception | None) -> None:
    """Write down the attempt: sent, back in the queue, retry later with backoff, or fail and
    pause the subscriber."""
    with runtime.db.uow() as uow:
        row = uow.session.scalar(select(WebhookDelivery).where(
            WebhookDelivery.id == job.delivery_id, WebhookDelivery.claim == job.claim)
            .with_for_update())
        if row is None:
            return  # our lease ran out and another worker took it (or the subscriber was removed)
        row.claim, row.response_status = None, status
        if error is None:
            row.status, row.sent_at, row.error = "sent", utcnow(), None
            log.info("webhook delivery %s sent (%s, HTTP %s)", job.delivery_id, row.event_type,
                     status)
        elif isinstance(error, Stopped):
            row.status, row.next_attempt_at = "pending", utcnow()
        else:
            _failed(uow, runtime, row, error)
        uow.commit()


def _failed(uow, runtime, row: WebhookDelivery, error: Exception) -> None:
    """Count a failed attempt: retry later, or give up when it cannot help or attempts ran out."""
    row.attempts += 1
    row.error = str(error)[:500]
    permanent = isinstance(error, NotAllowed) or (isinstance(error, Refused) and error.permanent)
    if permanent or row.attempts >= runtime.settings.send_attempts:
        _give_up(uow, row)
    else:
        row.status = "pending"
        row.next_attempt_at = utcnow() + _backoff(runtime, row.attempts)


def waiting_soon(runtime, within: float) -> bool:
    """Whether a delivery is due within `within` seconds (so a draining worker keeps going)."""
    horizon = utcnow() + timedelta(seconds=within)
    with runtime.db.uow() as uow:
        return bool(uow.session.scalar(select(func.count()).select_from(WebhookDelivery).where(
            WebhookDelivery.status.in_(("pending", "sending")),
            WebhookDelivery.next_attempt_at <= horizon)))


def _give_up(uow, row: WebhookDelivery) -> None:
    """Fail a delivery for good, pause its subscriber and hold its other queued deliveries."""
    row.status = "failed"
    subscriber = uow.session.get(WebhookSubscriber, row.subscriber_id)
    subscriber.status = "paused"
    subscriber.paused_reason = f"delivery {row.id} failed: {row.error}"
    uow.session.query(WebhookDelivery).filter(
        WebhookDelivery.subscriber_id == row.subscriber_id,
        WebhookDelivery.status == "pending").update({"status": "held"})
    log.warning("webhook subscriber %s paused after delivery %s failed for good", subscriber.id,
                row.id)


def _backoff(runtime, attempts: int) -> timedelta:
    """Exponential backoff with jitter, capped at ten minutes."""
    base = runtime.settings.retry_base_seconds * (2 ** (attempts - 1))
    return timedelta(seconds=min(base, 600) * random.uniform(0.8, 1.2))
