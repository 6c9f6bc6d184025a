"""On PostgreSQL an idle worker answers as soon as an event is stored, not at its next poll."""
import threading

import pytest
from sqlalchemy import text

from bot import worker
from tests.support import events


def test_an_idle_worker_on_postgresql_answers_a_new_message_long_before_its_next_poll(
        line_each_db, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no LISTEN/NOTIFY: its worker polls")
    line, stop = line_each_db, threading.Event()
    running = threading.Thread(target=worker.run, args=(line.runtime,),
                               kwargs={"poll_seconds": 120, "should_stop": stop.is_set})
    running.start()
    try:
        line.fake.wait_for(lambda: _listening(line.runtime.db.engine), timeout=20)
        line.fake.wait_for(lambda: _idle(line.runtime.db.engine), timeout=20)
        user = events.new_user()
        event = events.text(user, "ไฟดับทั้งซอย")
        line.fake.register_reply_token(event["replyToken"], user)
        assert line.post(event).status_code == 200
        # The worker sleeps 120 s between polls: an answer within 30 s means the webhook woke it.
        line.fake.wait_for(lambda: line.messages_to(user), timeout=30)
    finally:
        stop.set()
        with line.runtime.db.engine.connect() as connection:  # wake it so it sees the stop
            connection.execute(text("NOTIFY chaeng_inbox"))
            connection.commit()
        running.join(timeout=30)
    assert not running.is_alive()


def _listening(engine) -> bool:
    """Whether some session of this database is listening for new inbox events."""
    with engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND query ILIKE 'LISTEN chaeng_inbox'")).scalar())


def _idle(engine) -> bool:
    """Whether the worker's first round is over (nothing is waiting in the inbox)."""
    with engine.connect() as connection:
        return not connection.execute(text(
            "SELECT count(*) FROM inbox_events WHERE status = 'pending'")).scalar()
