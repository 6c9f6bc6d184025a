"""The outbox: replies, push fallback, retry keys, backoff and giving up, on SQLite and PostgreSQL."""
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from bot import services, worker
from bot.runtime import Runtime
from storage.models import OutboxMessage, utcnow
from tests.conftest import make_settings
from tests.support import events


@pytest.fixture
def runtime(database_url, fake_line, tmp_path):
    """A runtime on each database, talking to the fake LINE server."""
    runtime = Runtime.build(make_settings(database_url, fake_line, tmp_path, send_attempts=3))
    yield runtime
    runtime.db.dispose()


def queue(runtime, user, text="สวัสดี", token=None, seconds=50):
    """Queue one text for a user, as a reply when a token is given."""
    until = services.reply_window(utcnow(), seconds) if token else None
    with runtime.db.uow() as uow:
        row = services.send(uow, user, [{"type": "text", "text": text}], reply_token=token,
                            reply_until=until)[0]
        uow.commit()
        return row.id


def outbox(runtime, row_id) -> SimpleNamespace:
    """An outbox row's columns as stored."""
    with runtime.db.uow() as uow:
        row = uow.session.get(OutboxMessage, row_id)
        return SimpleNamespace(**{c.key: getattr(row, c.key) for c in OutboxMessage.__table__.c})


def drain(runtime):
    worker.run(runtime, drain=True, poll_seconds=0.01)


def test_a_fresh_reply_token_is_used_for_the_answer(runtime, fake_line):
    row = queue(runtime, "U1", token="tok-1")
    drain(runtime)
    assert [d.kind for d in fake_line.deliveries] == ["reply"]
    assert outbox(runtime, row).sent_by == "reply"


def test_an_expired_reply_token_falls_back_to_a_push(runtime, fake_line):
    row = queue(runtime, "U1", token="tok-2", seconds=-1)
    drain(runtime)
    assert [(d.kind, d.to) for d in fake_line.deliveries] == [("push", "U1")]
    assert outbox(runtime, row).status == "sent"


def test_a_reply_token_line_refuses_falls_back_to_a_push(runtime, fake_line):
    fake_line.expire_reply_token("tok-3")
    queue(runtime, "U1", token="tok-3")
    drain(runtime)
    assert [d.kind for d in fake_line.deliveries] == ["push"]


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_busy_or_failing_line_is_retried_with_the_same_retry_key(runtime, fake_line, status):
    fake_line.fail_next("push", status=status, times=2)
    row = queue(runtime, "U1")
    drain(runtime)
    keys = [r.headers.get("x-line-retry-key") for r in fake_line.requests if r.path.endswith("push")]
    assert len(keys) == 3 and len(set(keys)) == 1
    assert len(fake_line.deliveries) == 1 and outbox(runtime, row).status == "sent"


def test_a_push_that_timed_out_but_arrived_is_not_sent_twice(runtime, fake_line):
    fake_line.delay_next("push", 1.5)
    row = queue(runtime, "U1")
    drain(runtime)
    assert len(fake_line.deliveries) == 1
    assert outbox(runtime, row).status == "sent"


def test_a_reply_that_timed_out_but_arrived_is_not_pushed_again(runtime, fake_line):
    fake_line.delay_next("reply", 1.5)
    row = queue(runtime, "U1", token="tok-4")
    drain(runtime)
    assert [d.kind for d in fake_line.deliveries] == ["reply"]
    assert outbox(runtime, row).status == "sent"


def test_a_message_that_keeps_failing_is_marked_failed_and_kept(runtime, fake_line):
    fake_line.fail_next("push", status=500, times=10)
    row = queue(runtime, "U1")
    drain(runtime)
    stored = outbox(runtime, row)
    assert stored.status == "failed" and stored.attempts == 3 and "500" in stored.error
    assert fake_line.deliveries == []


def test_the_monthly_quota_answer_is_kept_visible_on_the_message(runtime, fake_line):
    fake_line.fail_next("push", status=429, times=10,
                        body={"message": "You have reached your monthly limit."})
    row = queue(runtime, "U1")
    drain(runtime)
    assert "monthly limit" in outbox(runtime, row).error


def test_messages_to_one_user_keep_their_order_across_a_retry(runtime, fake_line):
    fake_line.fail_next("push", status=500, times=1)
    queue(runtime, "U1", "first")
    queue(runtime, "U1", "second")
    drain(runtime)
    assert [d.messages[0]["text"] for d in fake_line.deliveries] == ["first", "second"]


def test_a_reply_that_arrived_before_its_retry_is_counted_as_delivered(database_url, fake_line,
                                                                        tmp_path):
    slow_retry = Runtime.build(make_settings(database_url, fake_line, tmp_path,
                                             retry_base_seconds=1.0, drain_wait_seconds=3))
    fake_line.delay_next("reply", 1.2)  # LINE acts on it after our 1 s time-out
    row = queue(slow_retry, "U1", token="tok-5")
    drain(slow_retry)
    replies = [r.status for r in fake_line.requests if r.path.endswith("reply")]
    assert replies == [200, 400], "the retry found the token used by the first attempt"
    assert [d.kind for d in fake_line.deliveries] == ["reply"]
    assert outbox(slow_retry, row).sent_by == "reply"
    slow_retry.db.dispose()
