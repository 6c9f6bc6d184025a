"""Slow subscribers never stall the bot: webhooks go out on their own threads, one at a time and in
order per subscriber, a bounded number at once, each exchange cut at its deadline."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest

from bot import create_app, worker
from bot.admin import operations
from bot.webhooks.delivery import UNREACHABLE
from bot.worker import HEARTBEAT_SECONDS
from storage.models import utcnow
from tests.conftest import make_settings
from tests.fakes.webhook_subscriber import LOOPBACK, Subscriber, trickling
from tests.integration.test_webhooks import cli, drain, report, subscribe
from tests.support import events
from tests.support.line import LineDriver
from tests.support.waiting import wait_until


def app_with(database_url, fake_line, tmp_path, **overrides):
    """The app on a database, its webhooks allowed to reach loopback (the test's own network)."""
    values = dict(webhook_allowed_private_hosts=LOOPBACK, send_attempts=3,
                  # as long as the deadline: the code before it timed out after this per read
                  http_timeout_seconds=overrides.get("webhook_deadline_seconds", 60.0),
                  webhook_deadline_seconds=60.0)
    values.update(overrides)
    return create_app(make_settings(database_url, fake_line, tmp_path, **values))


@pytest.fixture
def make_app(database_url, fake_line, tmp_path):
    """Builds the app with settings of the test's choosing; disposes of what it built."""
    built = []

    def build(**overrides):
        built.append(app_with(database_url, fake_line, tmp_path, **overrides))
        return built[-1]
    yield build
    for app in built:
        app.extensions["chaeng"].db.dispose()


@contextmanager
def running_worker(app):
    """The worker running forever in a thread, as `flask --app bot worker` runs it."""
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(app.extensions["chaeng"],),
                              kwargs={"poll_seconds": 0.05, "should_stop": stop.is_set})
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)
        assert not thread.is_alive(), "the worker did not stop"


def last_beat(app):
    """When the worker last beat its heartbeat."""
    with app.extensions["chaeng"].db.uow() as uow:
        return operations.last_heartbeat(uow)


def test_a_citizen_is_answered_and_the_heartbeat_beats_while_a_subscriber_holds_its_delivery(
        make_app, fake_line):
    app = make_app(worker_silent_seconds=int(HEARTBEAT_SECONDS) + 2)
    line, released = LineDriver(app, fake_line), threading.Event()
    with Subscriber(hold=released) as hook, running_worker(app):
        subscribe(app, hook.url)
        report(app)
        assert hook.arrived.wait(30), "the delivery never started"
        held_since = utcnow()
        user = events.new_user()
        event = events.text(user, "ถนนเป็นหลุม")
        fake_line.register_reply_token(event["replyToken"], user)
        assert line.post(event).status_code == 200
        fake_line.wait_for(lambda: line.messages_to(user), timeout=30)
        assert hook.answered == [], "the citizen was answered only after the subscriber"
        # Past WORKER_SILENT_SECONDS into the hold, the heartbeat is still fresh: /healthz is 200.
        later = held_since + timedelta(seconds=HEARTBEAT_SECONDS + 2)
        wait_until(lambda: (last_beat(app) or held_since) > later, what="a heartbeat in the hold")
        health = app.test_client().get("/healthz")
        assert health.status_code == 200 and hook.answered == [], health.get_json()
        released.set()
        wait_until(lambda: "\tsent\t" in cli(app, "log"), what="the held delivery sent")


def test_a_subscriber_that_trickles_its_answer_is_cut_at_the_deadline(make_app):
    app = make_app(webhook_deadline_seconds=2.0, http_timeout_seconds=1.0, send_attempts=1)
    with trickling(lines=60, every=0.5) as hook:  # 30 s of header lines, each within 1 s
        subscribe(app, hook.url)
        report(app)
        drain(app)
        wait_until(lambda: all(c.ended for c in hook.connections), 10, "the trickler's end")
    [connection] = hook.connections
    assert connection.cut and connection.lines < 60
    assert connection.ended - connection.started >= 1.8, "cut before its deadline"
    log = cli(app, "log")
    assert "\tfailed\tattempts 1" in log and log.rstrip().endswith(UNREACHABLE)


def test_a_subscriber_gets_one_delivery_at_a_time_in_order_while_the_others_go_on(make_app):
    app = make_app(webhook_concurrency=2)
    released = threading.Event()
    with Subscriber(hold=released) as slow, Subscriber() as fast, running_worker(app):
        subscribe(app, slow.url)
        subscribe(app, fast.url)
        tickets = [report(app) for _ in range(4)]
        expected = [("case.created", ticket) for ticket in tickets]
        wait_until(lambda: fast.events == expected, what="every event to the fast subscriber")
        assert len(slow.received) == 1, "a second delivery to a subscriber still busy with one"
        released.set()
        wait_until(lambda: slow.events == expected, what="every event to the slow subscriber")
    assert slow.most_in_flight == 1 and fast.most_in_flight == 1


def test_no_more_deliveries_are_in_flight_than_webhook_concurrency(make_app):
    app = make_app(webhook_concurrency=2)
    released = threading.Event()
    hooks = [Subscriber(hold=released) for _ in range(3)]
    with hooks[0], hooks[1], hooks[2], running_worker(app):
        for hook in hooks:
            subscribe(app, hook.url)
        report(app)
        wait_until(lambda: sum(hook.arrived.is_set() for hook in hooks) == 2, what="two in flight")
        assert not threading.Event().wait(1.0)  # a moment for a third, were one coming
        assert sum(hook.arrived.is_set() for hook in hooks) == 2
        released.set()
        wait_until(lambda: all(hook.answered == [200] for hook in hooks), what="all three sent")

