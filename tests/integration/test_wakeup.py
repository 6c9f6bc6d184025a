"""On PostgreSQL an idle worker answers as soon as an event is stored, not at its next poll."""
import contextlib
import threading
import time

import pytest
from sqlalchemy import text

from bot import worker
from bot.line.webhook import signature_of
from storage.db import Database
from storage.wakeup import Announcer, Wakeup
from tests.support import events


def test_an_idle_worker_on_postgresql_answers_a_new_message_long_before_its_next_poll(
        line_each_db, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no LISTEN/NOTIFY: its worker polls")
    line = line_each_db
    with idle_worker(line):
        user = events.new_user()
        event = events.text(user, "ไฟดับทั้งซอย")
        line.fake.register_reply_token(event["replyToken"], user)
        assert line.post(event).status_code == 200
        # The worker sleeps 120 s between polls: an answer within 30 s means the webhook woke it.
        line.fake.wait_for(lambda: line.messages_to(user), timeout=30)


def test_a_burst_of_webhooks_from_many_threads_wakes_an_idle_worker_for_every_last_one(
        line_each_db, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no LISTEN/NOTIFY: its worker polls")
    line = line_each_db
    users = [events.new_user() for _ in range(24)]

    def post(some: list[str]) -> None:
        """One of LINE's connections: its users' messages, one webhook each, back to back."""
        client = line.app.test_client()
        for user in some:
            event = events.text(user, "ถนนเป็นหลุม")
            line.fake.register_reply_token(event["replyToken"], user)
            body = events.body(event)
            assert client.post("/callback", data=body, content_type="application/json", headers={
                "X-Line-Signature": signature_of(body, line.runtime.settings.line_channel_secret),
            }).status_code == 200

    with idle_worker(line):
        posters = [threading.Thread(target=post, args=(users[n::8],)) for n in range(8)]
        for poster in posters:
            poster.start()
        for poster in posters:
            poster.join(timeout=30)
        # Announcements of events committed close together are one NOTIFY; none may be left out.
        line.fake.wait_for(lambda: all(line.messages_to(user) for user in users), timeout=30)


def test_each_announcement_is_followed_by_a_notification_however_soon_after_the_last(
        database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no LISTEN/NOTIFY: its worker polls")
    db = Database(database_url)
    announcer, listener = Announcer(db), Wakeup(db)
    listener.listen()
    try:
        for _ in range(30):  # each right after the last one's NOTIFY, while its thread may be busy
            announcer.announce()
            started = time.monotonic()
            listener.wait(10)
            assert time.monotonic() - started < 5, "an announcement with no NOTIFY after it"
    finally:
        listener.close()
        db.dispose()


@contextlib.contextmanager
def idle_worker(line):
    """A worker that polls only every 120 s, listening and idle before the block, stopped after."""
    stop = threading.Event()
    running = threading.Thread(target=worker.run, args=(line.runtime,),
                               kwargs={"poll_seconds": 120, "should_stop": stop.is_set})
    running.start()
    try:
        line.fake.wait_for(lambda: _listening(line.runtime.db.engine), timeout=20)
        line.fake.wait_for(lambda: _idle(line.runtime.db.engine), timeout=20)
        yield
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
