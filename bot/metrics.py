"""Prometheus metrics read from the database at scrape time.

gunicorn runs several web processes and the worker is another process (often another machine), so
a per-process counter would show each scrape a different, partial number. Every figure here is
counted from the inbox, outbox and cases tables instead, which all processes share.
"""
from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import (CounterMetricFamily, GaugeMetricFamily,
                                    HistogramMetricFamily)
from sqlalchemy import case as when, func, select

from bot import cases as lifecycle
from bot.admin import operations
from storage.db import Database
from storage.models import Case, InboxEvent, OutboxMessage, utcnow

LATENCY_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)


class DatabaseCollector:
    """Turns table counts into Prometheus metric families on each scrape."""

    def __init__(self, db: Database):
        self.db = db

    def collect(self):
        """Yield every metric family, from one read-only unit of work."""
        with self.db.uow() as uow:
            session = uow.session
            yield from _inbox(session)
            yield _latency(session, self.db.engine.dialect.name)
            yield from _outbox(session)
            yield _cases(session)
            yield _heartbeat(uow)


def render(db: Database) -> bytes:
    """The Prometheus text exposition of every metric."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(db))
    return generate_latest(registry)


def _counts(session, column, model) -> dict[str, int]:
    """Rows of a table per value of a column."""
    return dict(session.execute(select(column, func.count()).select_from(model).group_by(column)).all())


def _inbox(session):
    """Webhook events received, processed and failed."""
    status = _counts(session, InboxEvent.status, InboxEvent)
    received = CounterMetricFamily("chaeng_webhook_events_received", "Webhook events stored")
    received.add_metric([], sum(status.values()))
    handled = CounterMetricFamily("chaeng_events_processed", "Events handled, by outcome",
                                  labels=["outcome"])
    for outcome in ("done", "ignored", "failed"):
        handled.add_metric([outcome], status.get(outcome, 0))
    backlog = GaugeMetricFamily("chaeng_inbox_backlog", "Events waiting to be handled")
    backlog.add_metric([], status.get("pending", 0) + status.get("processing", 0))
    return received, handled, backlog


def _seconds(dialect: str, start, end):
    """SQL for the seconds between two timestamps, in the database's own dialect."""
    if dialect == "postgresql":
        return func.extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


def _latency(session, dialect: str):
    """A histogram of the time from receiving an event to having handled it."""
    latency = _seconds(dialect, InboxEvent.received_at, InboxEvent.processed_at)
    columns = [func.sum(when((latency <= bound, 1), else_=0)) for bound in LATENCY_BUCKETS]
    row = session.execute(select(func.count(), func.coalesce(func.sum(latency), 0), *columns)
                          .where(InboxEvent.status == "done",
                                 InboxEvent.processed_at.is_not(None))).one()
    total, seconds, *cumulative = row
    buckets = [(str(bound), int(n or 0)) for bound, n in zip(LATENCY_BUCKETS, cumulative)]
    return HistogramMetricFamily("chaeng_event_processing_seconds",
                                 "Time from receiving a webhook event to handling it",
                                 buckets=buckets + [("+Inf", int(total))], sum_value=float(seconds))


def _outbox(session):
    """The outbox backlog, its failures, and LINE calls by outcome."""
    status = _counts(session, OutboxMessage.status, OutboxMessage)
    backlog = GaugeMetricFamily("chaeng_outbox_backlog", "Messages waiting to be sent")
    backlog.add_metric([], status.get("pending", 0) + status.get("sending", 0))
    failed = GaugeMetricFamily("chaeng_outbox_failed", "Messages given up on after their attempts")
    failed.add_metric([], status.get("failed", 0))
    sent_by = _counts(session, OutboxMessage.sent_by, OutboxMessage)
    errors = session.scalar(select(func.coalesce(func.sum(OutboxMessage.attempts), 0))) or 0
    calls = CounterMetricFamily("chaeng_line_api_calls", "Calls to LINE's send APIs, by outcome",
                                labels=["outcome"])
    calls.add_metric(["reply"], sent_by.get("reply", 0))
    calls.add_metric(["push"], sent_by.get("push", 0))
    calls.add_metric(["error"], int(errors))  # every failed attempt counts once
    return backlog, failed, calls


def _cases(session):
    """Cases by their current state."""
    states = _counts(session, Case.state, Case)
    family = GaugeMetricFamily("chaeng_cases", "Cases by state", labels=["state"])
    for state in lifecycle.STATES:
        family.add_metric([state], states.get(state, 0))
    return family


def _heartbeat(uow):
    """Seconds since a worker last went round its loop (-1 when none ever did)."""
    last = operations.last_heartbeat(uow)
    family = GaugeMetricFamily("chaeng_worker_heartbeat_age_seconds",
                               "Seconds since the worker's last heartbeat")
    family.add_metric([], (utcnow() - last).total_seconds() if last else -1.0)
    return family
