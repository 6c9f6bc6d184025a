"""Nothing is sent twice: an unanswered reply is never pushed again, and DELIVERY=push is exactly once.

Through signed webhooks, a fake LINE server that times out, hangs up after accepting, or is left
waiting by a worker killed with SIGKILL, on SQLite and PostgreSQL.
"""
import pytest
from sqlalchemy import select

from bot import create_app
from storage.models import OutboxMessage
from tests.conftest import make_settings
from tests.support import events
from tests.support.line import LineDriver
from tests.support.processes import channel_env, kill, start_worker


def driver(database_url, fake_line, tmp_path, **overrides) -> LineDriver:
    """The line driver on the given database with these settings."""
    return LineDriver(create_app(make_settings(database_url, fake_line, tmp_path, **overrides)),
                      fake_line)


@pytest.fixture
def line_on(database_url, fake_line, tmp_path):
    """Build line drivers on each database, disposing of them afterwards."""
    made = []

    def build(**overrides):
        made.append(driver(database_url, fake_line, tmp_path, **overrides))
        return made[-1]
    yield build
    for line in made:
        line.runtime.db.dispose()


def outbox(line) -> list[tuple[str, str | None]]:
    """Every outbox row's status and how it was sent, oldest first."""
    with line.runtime.db.uow() as uow:
        return [tuple(row) for row in uow.session.execute(
            select(OutboxMessage.status, OutboxMessage.sent_by).order_by(OutboxMessage.id))]


def landed(fake, count: int = 1):
    """Wait until LINE accepted `count` messages (a held request lands after the bot gave up)."""
    fake.wait_for(lambda: len(fake.deliveries) >= count, timeout=10)
    fake.wait_for(lambda: all(r.status is not None for r in fake.requests), timeout=10)


@pytest.mark.parametrize("fault", ["time-out", "hang-up after accepting"])
def test_a_reply_with_no_answer_is_not_pushed_again_once_its_token_expired(line_on, fault):
    # The retry comes after the reply token's window, when only a push could still reach the user.
    line = line_on(reply_token_seconds=1, retry_base_seconds=1.5, drain_wait_seconds=3)
    if fault == "time-out":
        line.fake.delay_next("reply", 1.5)  # LINE acts on it after our 1 s time-out
    else:
        line.fake.drop_next("reply")
    user = events.new_user()
    line.send(events.text(user, "ไฟถนนดับทั้งซอย"))
    landed(line.fake)
    line.drain()
    assert [d.kind for d in line.fake.deliveries] == ["reply"], "the citizen got it twice"
    assert [status for status, _ in outbox(line)] == ["unconfirmed"]


def test_a_reply_with_no_answer_is_tried_again_while_its_token_is_fresh(line_on):
    line = line_on()
    line.fake.drop_next("reply", after_accepting=False)  # it never reached LINE
    user = events.new_user()
    line.send(events.text(user, "ไฟถนนดับทั้งซอย"))
    assert [d.kind for d in line.fake.deliveries] == ["reply"]
    assert outbox(line) == [("sent", "reply")]


def test_with_delivery_push_every_answer_is_pushed_once_with_a_retry_key(line_on):
    line = line_on(delivery="push")
    line.fake.drop_next("push")
    line.fake.fail_next("push", status=429, headers={"Retry-After": "0"})
    user = events.new_user()
    line.send(events.text(user, "ไฟถนนดับทั้งซอย"))
    line.send(events.location(user, 13.7650, 100.5383))
    landed(line.fake, 2)
    line.drain()
    sent = line.fake.deliveries
    assert [d.kind for d in sent] == ["push", "push"] and all(d.retry_key for d in sent)
    assert outbox(line) == [("sent", "push"), ("sent", "push")]


@pytest.mark.parametrize("delivery", ["reply", "push"])
def test_a_worker_killed_while_line_handles_its_message_does_not_send_it_twice(
        line_on, tmp_path, delivery):
    line = line_on(delivery=delivery)
    kind = "reply" if delivery == "reply" else "push"
    line.fake.delay_next(kind, 2.5)  # LINE holds the request; the worker dies meanwhile
    user = events.new_user()
    event = events.text(user, "ต้นไม้ล้มขวางถนน")
    assert line.post(event).status_code == 200
    line.fake.register_reply_token(event["replyToken"], user)
    env = channel_env(line.runtime.settings, DELIVERY=delivery, LEASE_SECONDS=1)
    first = start_worker(env, tmp_path / "worker.log")
    try:
        line.fake.wait_for(lambda: any(r.path.endswith(kind) for r in line.fake.requests), timeout=30)
    finally:
        kill(first)
    landed(line.fake)
    second = start_worker(env, tmp_path / "worker.log", drain=True)
    assert second.wait(timeout=60) == 0, (tmp_path / "worker.log").read_text()
    assert [d.kind for d in line.fake.deliveries] == [kind], "the citizen got it twice"
    assert outbox(line) == [("sent", kind)]
