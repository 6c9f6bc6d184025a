"""On PostgreSQL an idle worker answers as soon as an event is stored, not at its next poll."""
import threading
import time

import pytest
from sqlalchemy import text

from bot import worker
from storage.db import Database
from storage.wakeup import Wakeup
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


def _waiting_threads(wakeup, count: int, seconds: float = 60):
    """Start `count` threads waiting on one shared Wakeup; return them and the list of those done."""
    woken: list[int] = []
    threads = [threading.Thread(target=lambda n=n: (wakeup.wait(seconds), woken.append(n)),
                                daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    return threads, woken


def _announce(engine, times: int) -> None:
    """What the web app does for a new event, in separate transactions (PostgreSQL folds equal
    notifications of one transaction into one)."""
    for _ in range(times):
        with engine.connect() as connection:
            connection.execute(text("NOTIFY chaeng_inbox"))
            connection.commit()


def _settle(woken: list, expected: int, timeout: float = 15) -> None:
    """Wait until `expected` threads have woken (or the time is up)."""
    deadline = time.monotonic() + timeout
    while len(woken) < expected and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture
def shared(postgres_url):
    """A database and one Wakeup listening on it, as a worker process has; waiting threads are
    woken at the end so none outlives the test."""
    db = Database(postgres_url)
    wakeup = Wakeup(db)
    wakeup.listen()
    yield db, wakeup
    _announce(db.engine, 3)
    wakeup.close()
    db.dispose()


def test_one_new_event_wakes_one_of_a_workers_waiting_threads_not_all_of_them(shared):
    db, wakeup = shared
    _threads, woken = _waiting_threads(wakeup, 3)
    time.sleep(0.5)  # all three waiting
    _announce(db.engine, 1)
    _settle(woken, 1)
    time.sleep(1.5)  # the others would have woken by now if they had been told too
    assert len(woken) == 1
    _announce(db.engine, 2)
    _settle(woken, 3)
    assert len(woken) == 3  # two more events: the two others


def test_a_thread_that_found_a_full_batch_wakes_another_to_help(shared):
    _db, wakeup = shared
    _threads, woken = _waiting_threads(wakeup, 2)
    time.sleep(0.5)
    wakeup.kick()
    _settle(woken, 1)
    time.sleep(1.0)
    assert len(woken) == 1
