"""Deliver queued webhook events: signed POSTs outside any transaction, retried with backoff.

A subscriber that fails for good (a 4xx other than 408/429, or every attempt used up) is paused
and its other deliveries are held, not retried forever; `webhooks resume` releases them.
"""
from __future__ import annotations

import logging
import random
import urllib.error
import urllib.request
import uuid
from datetime import timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from bot.webhooks.outbox import SIGNATURE_HEADER, body_of, sign
from storage.models import utcnow
from storage.opendata import WebhookDelivery, WebhookSubscriber

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=120)
RETRYABLE_4XX = (408, 425, 429)


class Refused(Exception):
    """The subscriber answered with an error status."""

    def __init__(self, status: int):
        super().__init__(f"HTTP {status}")
        self.status = status

    @property
    def permanent(self) -> bool:
        """Whether trying again cannot help (a client error other than timeouts and rate limits)."""
        return 400 <= self.status < 500 and self.status not in RETRYABLE_4XX


def deliver_webhooks(runtime, limit: int = 20) -> int:
    """Send up to `limit` due deliveries; return how many were attempted."""
    claimed = _claim(runtime, limit)
    for delivery_id, claim, url, secret, payload in claimed:
        status, error = _post(runtime, url, secret, payload, delivery_id)
        _record(runtime, delivery_id, claim, status, error)
    return len(claimed)


def waiting_soon(runtime, within: float) -> bool:
    """Whether a delivery is due within `within` seconds (so a draining worker keeps going)."""
    horizon = utcnow() + timedelta(seconds=within)
    with runtime.db.uow() as uow:
        return bool(uow.session.scalar(select(func.count()).select_from(WebhookDelivery).where(
            WebhookDelivery.status.in_(("pending", "sending")),
            WebhookDelivery.next_attempt_at <= horizon)))


def _claim(runtime, limit: int) -> list[tuple]:
    """Take due deliveries for a lease (SKIP LOCKED on PostgreSQL, so workers share the queue),
    never one whose subscriber still waits for an earlier event: each gets them in order."""
    claim, now = str(uuid.uuid4()), utcnow()
    earlier = aliased(WebhookDelivery)
    waiting = exists().where(earlier.subscriber_id == WebhookDelivery.subscriber_id,
                             earlier.status.in_(("pending", "sending", "held")),
                             earlier.id < WebhookDelivery.id)
    with runtime.db.uow() as uow:
        query = (select(WebhookDelivery)
                 .where(WebhookDelivery.status.in_(("pending", "sending")),
                        WebhookDelivery.next_attempt_at <= now, ~waiting)
                 .order_by(WebhookDelivery.id).limit(limit))
        if uow.is_postgres:
            query = query.with_for_update(skip_locked=True, of=WebhookDelivery)
        out = []
        for row in uow.session.scalars(query):
            subscriber = uow.session.get(WebhookSubscriber, row.subscriber_id)
            row.status, row.claim, row.next_attempt_at = "sending", claim, now + LEASE
            out.append((row.id, claim, subscriber.url, subscriber.secret, row.payload))
        uow.commit()
        return out


def _post(runtime, url: str, secret: str, payload: dict, delivery_id: int):
    """POST the signed payload; return (HTTP status or None, error or None)."""
    body = body_of(payload)
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", SIGNATURE_HEADER: sign(secret, body),
        "X-Chaeng-Event": payload["event"], "X-Chaeng-Delivery": payload["id"],
        "User-Agent": "Chaeng-Webhooks/1"})
    try:
        with urllib.request.urlopen(request, timeout=runtime.settings.http_timeout_seconds) as answer:
            return answer.status, None
    except urllib.error.HTTPError as error:
        return error.code, Refused(error.code)
    except (OSError, ValueError) as error:  # refused, reset, timeout, DNS, bad URL
        log.info("webhook delivery %s did not reach its subscriber: %s", delivery_id,
                 type(error).__name__)
        return None, error


def _record(runtime, delivery_id: int, claim: str, status: int | None, error) -> None:
    """Write down the attempt: sent, retry later with backoff, or fail and pause the subscriber."""
    with runtime.db.uow() as uow:
        row = uow.session.scalar(select(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id, WebhookDelivery.claim == claim).with_for_update())
        if row is None:
            return  # our lease ran out and another worker took it
        row.claim, row.response_status = None, status
        if error is None:
            row.status, row.sent_at, row.error = "sent", utcnow(), None
            log.info("webhook delivery %s sent (%s, HTTP %s)", delivery_id, row.event_type, status)
        else:
            row.attempts += 1
            row.error = f"{type(error).__name__}: {error}"[:500]
            permanent = isinstance(error, Refused) and error.permanent
            if permanent or row.attempts >= runtime.settings.send_attempts:
                _give_up(uow, row)
            else:
                row.status = "pending"
                row.next_attempt_at = utcnow() + _backoff(runtime, row.attempts)
        uow.commit()


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
