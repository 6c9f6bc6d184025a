"""The standing fault suite, small and bounded: what the chaos test does at random, here one fault at a time.

LINE answering 500 and 429 with Retry-After, a worker killed with SIGKILL in the middle of a batch,
and the database going away (a PostgreSQL restart; a lost table on SQLite) while webhooks arrive.
Each ends with every citizen answered exactly once and every event handled once.
See also: test_chaos.py (all at once), test_delivery*.py (time-outs, hang-ups), test_photos.py
(stalled downloads), test_worker_outages.py and test_resilience.py (outages without traffic).
"""
import collections
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from bot import create_app, worker
from storage.models import InboxEvent, OutboxMessage, utcnow
from tests.conftest import make_settings
from tests.support import events
from tests.support.database import database_away
from tests.support.line import LineDriver
from tests.support.processes import channel_env, kill, start_worker

USERS = 12


@pytest.fixture
def line_on(database_url, fake_line, tmp_path):
    """Build line drivers on each database, disposing of them afterwards."""
    made = []

    def build(**overrides):
        app = create_app(make_settings(database_url, fake_line, tmp_path, **overrides))
        made.append(LineDriver(app, fake_line))
        return made[-1]
    yield build
    for line in made:
        line.runtime.db.dispose()


def inbox_statuses(line) -> collections.Counter:
    """How many stored events are in each status."""
    with line.runtime.db.uow() as uow:
        return collections.Counter(dict(uow.session.execute(
            select(InboxEvent.status, func.count()).group_by(InboxEvent.status)).all()))


def outbox_in_flight(line) -> int:
    """How many answers are still waiting or claimed (a claim cut off by the outage waits out its lease)."""
    with line.runtime.db.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.status.in_(("pending", "sending"))))


def answered_once_each(line, users: list[str]) -> None:
    """Every user got exactly one answer, and the outbox agrees."""
    counts = {user: len(line.messages_to(user)) for user in users}
    assert set(counts.values()) == {1}, f"answers per citizen: {sorted(counts.values())}"
    with line.runtime.db.uow() as uow:
        outbox = dict(uow.session.execute(select(OutboxMessage.status, func.count())
                                          .group_by(OutboxMessage.status)).all())
    assert outbox == {"sent": len(users)}


def test_a_reply_line_answers_with_500_is_tried_again_and_arrives_once(line_on):
    line = line_on()
    line.fake.fail_next("reply", status=500)
    user = events.new_user()
    line.say(user, "ไฟถนนดับทั้งซอย")
    replies = [r.status for r in line.fake.requests if r.path.endswith("reply")]
    assert replies == [500, 200]
    assert [d.kind for d in line.fake.deliveries] == ["reply"]
    answered_once_each(line, [user])


def test_line_asking_to_wait_with_429_is_not_called_again_before_its_retry_after(line_on):
    line = line_on(delivery="push")
    line.fake.fail_next("push", status=429, headers={"Retry-After": "30"})
    user = events.new_user()
    line.say(user, "ไฟถนนดับทั้งซอย")
    pushes = [r for r in line.fake.requests if r.path.endswith("push")]
    assert [r.status for r in pushes] == [429] and line.messages_to(user) == []
    with line.runtime.db.uow() as uow:
        waiting = uow.session.scalars(select(OutboxMessage)).one()
        assert waiting.status == "pending"
        assert waiting.next_attempt_at >= utcnow() + timedelta(seconds=25), "Retry-After was honoured"
        # Thirty seconds later, as far as the outbox can tell.
        uow.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        uow.commit()
    line.drain()
    keys = [r.headers.get("x-line-retry-key") for r in line.fake.requests if r.path.endswith("push")]
    assert len(keys) == 2 and len(set(keys)) == 1, "the retry reused its retry key"
    answered_once_each(line, [user])


@pytest.mark.timeout(180)
def test_a_worker_killed_mid_batch_loses_and_doubles_nothing_once_a_new_one_starts(line_on, tmp_path):
    line = line_on(delivery="push")
    users = [events.new_user() for _ in range(USERS)]
    assert line.post(*[events.text(user, "ถนนเป็นหลุมลึกมาก") for user in users]).status_code == 200
    line.fake.delay_next("push", 0.3, times=USERS)  # LINE is slow, so the kill lands mid-batch
    env = channel_env(line.runtime.settings, DELIVERY="push", LEASE_SECONDS=1)
    log = tmp_path / "worker.log"
    first = start_worker(env, log)
    try:
        line.fake.wait_for(lambda: len(line.fake.deliveries) >= 3, timeout=60)
    finally:
        kill(first)
    assert len(line.fake.deliveries) < USERS, "the worker was killed before the batch was done"
    line.fake.wait_for(lambda: all(r.status is not None for r in line.fake.requests), timeout=10)
    second = start_worker(env, log, drain=True)
    assert second.wait(timeout=90) == 0, log.read_text()
    answered_once_each(line, users)
    assert inbox_statuses(line) == {"done": USERS}


@pytest.mark.timeout(180)
def test_webhooks_that_arrive_while_the_database_restarts_are_redelivered_and_answered_once(
        line_on, database_url):
    # The event in flight when the database went away keeps its claim until the lease ends.
    line = line_on(delivery="push", lease_seconds=3)
    users = [events.new_user() for _ in range(USERS)]
    answers, accepted, stop = collections.Counter(), [], threading.Event()

    def post_all():
        """LINE's side: one event at a time, redelivered until it is answered 200."""
        for user in users:
            event = events.text(user, "น้ำท่วมขังสูง รถเล็กผ่านไม่ได้")
            while (status := line.post(event).status_code) != 200:
                answers[status] += 1
                event = {**event, "deliveryContext": {"isRedelivery": True}}
                time.sleep(0.05)
            accepted.append(user)
            time.sleep(0.02)

    running = threading.Thread(target=worker.run, args=(line.runtime,),
                               kwargs={"poll_seconds": 0.01, "should_stop": stop.is_set})
    poster = threading.Thread(target=post_all)
    running.start()
    poster.start()
    try:
        line.fake.wait_for(lambda: len(accepted) >= 3, timeout=30)
        with database_away(database_url, line.runtime.db.engine):
            line.fake.wait_for(lambda: answers[503] >= 5, timeout=30)  # LINE saw the outage
        poster.join(timeout=60)
        line.fake.wait_for(lambda: all(line.messages_to(user) for user in users), timeout=60)
        # An answer sent just before the outage may be recorded only after its lease ends: keep working till then.
        line.fake.wait_for(lambda: outbox_in_flight(line) == 0, timeout=30, interval=0.2)
    finally:
        stop.set()
        poster.join(timeout=60)
        running.join(timeout=30)
    assert set(answers) == {503}, f"only 503s while away, never a 500: {dict(answers)}"
    line.drain()
    answered_once_each(line, users)
    assert inbox_statuses(line) == {"done": USERS}
