"""The Procfile's worker line with hostile subscribers: SIGTERM stops it within seconds while a
delivery hangs, and two worker processes never have one delivery in flight twice."""
from __future__ import annotations

import os
import signal
import subprocess

import pytest
from sqlalchemy import select

from bot import create_app
from storage.opendata import WebhookDelivery, WebhookSubscriber
from tests.conftest import make_settings
from tests.e2e.test_worker_processes import postgres_database  # noqa: F401 - a fixture
from tests.fakes.webhook_subscriber import LOOPBACK, Subscriber, trickling
from tests.integration.test_webhooks import report, subscribe
from tests.support.processes import channel_env, kill, start_worker
from tests.support.waiting import wait_until


@pytest.fixture
def app_on(app_with_subscribers):
    """The app on each database, its webhook subscribers on loopback."""
    return app_with_subscribers


def worker_env(app, **extra) -> dict[str, str]:
    """The environment of a worker process with the app's channel, database and allow-list."""
    return channel_env(app.extensions["chaeng"].settings,
                       WEBHOOK_ALLOWED_PRIVATE_HOSTS=",".join(LOOPBACK), **extra)


def rows(app) -> list[WebhookDelivery]:
    """Every webhook delivery, oldest first."""
    with app.extensions["chaeng"].db.uow() as uow:
        found = list(uow.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))
        uow.session.expunge_all()
        return found


def test_sigterm_stops_the_worker_within_seconds_while_a_delivery_hangs(app_on, tmp_path):
    with trickling(lines=60, every=2.0) as hook:  # two minutes of header lines
        subscribe(app_on, hook.url)
        report(app_on)
        process = start_worker(worker_env(app_on), tmp_path / "worker.log")
        try:
            wait_until(lambda: hook.connections, what="the delivery starting")
            process.send_signal(signal.SIGTERM)  # what a host sends to stop or redeploy
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pytest.fail("the worker did not stop within 10 s of SIGTERM")
        finally:
            kill(process)
        wait_until(lambda: hook.connections[0].ended, 10, "the subscriber seeing the cut")
    assert hook.connections[0].cut
    [row] = rows(app_on)
    # Back in the queue, the attempt not counted: the next worker sends it, once.
    assert (row.status, row.claim, row.attempts) == ("pending", None, 0)


@pytest.mark.timeout(300)  # where a lease outlived by a delivery is the bug, it shows after 120 s
def test_two_worker_processes_never_have_one_delivery_in_flight_twice(postgres_database, fake_line,
                                                                      tmp_path):
    app = create_app(make_settings(postgres_database, fake_line, tmp_path,
                                   webhook_allowed_private_hosts=LOOPBACK))
    # The trickler outlasts the old fixed 120 s lease; the deadline cuts it after 2 s each time.
    with trickling(lines=65, every=2.0) as stuck, Subscriber(delay=0.2) as slow, \
            Subscriber() as fast:
        stuck_id = subscribe(app, stuck.url)[0]
        subscribe(app, slow.url)
        subscribe(app, fast.url)
        tickets = [report(app) for _ in range(6)]
        process = start_worker(worker_env(app, WORKER_PROCESSES=2, WEBHOOK_DEADLINE_SECONDS=2,
                                          SEND_ATTEMPTS=2, RETRY_BASE_SECONDS=0.2),
                               tmp_path / "worker.log")
        expected = [("case.created", ticket) for ticket in tickets]
        try:
            wait_until(lambda: stuck.connections, 60, "the first delivery")
            wait_until(lambda: paused(app, stuck_id) or stuck.overlapping(), 140,
                       "the stuck subscriber paused")
            assert stuck.overlapping() == [], "one delivery posted twice at once"
            wait_until(lambda: fast.events == expected and slow.events == expected, 10,
                       "every event to the other subscribers")
        finally:
            kill(process)
            _kill_group(process)
    assert [c.delivery for c in stuck.connections] == [rows(app)[0].event_id] * 2
    assert slow.most_in_flight == 1 and fast.most_in_flight == 1
    app.extensions["chaeng"].db.dispose()


def paused(app, subscriber_id: int) -> bool:
    """Whether the subscriber has been paused."""
    with app.extensions["chaeng"].db.uow() as uow:
        return uow.session.get(WebhookSubscriber, subscriber_id).status == "paused"


def _kill_group(process: subprocess.Popen) -> None:
    """SIGKILL whatever child a failure above left behind."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
