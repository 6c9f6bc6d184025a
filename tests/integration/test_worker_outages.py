"""The worker waits out a database that is away (restart, lock, missing table) and carries on."""
import contextlib
import logging
import threading
import time

from sqlalchemy import create_engine, make_url, text

from bot import worker
from tests.support import events
from tests.support.database import table_away


@contextlib.contextmanager
def database_away(url: str, engine):
    """PostgreSQL refuses connections and drops the open ones (a restart); SQLite loses a table."""
    if not url.startswith("postgresql"):
        with table_away(engine, "inbox_events"):
            yield
        return
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
        try:
            yield
        finally:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    admin.dispose()


def test_the_worker_waits_out_a_database_outage_logs_once_and_carries_on(line_each_db, database_url,
                                                                         caplog):
    line, stop = line_each_db, threading.Event()
    running = threading.Thread(target=worker.run, args=(line.runtime,),
                               kwargs={"poll_seconds": 0.01, "should_stop": stop.is_set})
    with caplog.at_level(logging.WARNING, logger="bot.worker"):
        running.start()
        try:
            with database_away(database_url, line.runtime.db.engine):
                time.sleep(1.0)
            user = events.new_user()
            event = events.text(user, "ถนนเป็นหลุม")
            line.fake.register_reply_token(event["replyToken"], user)
            assert line.post(event).status_code == 200
            line.fake.wait_for(lambda: line.messages_to(user), timeout=20)
            assert running.is_alive()
        finally:
            stop.set()
            running.join(timeout=30)
    paused = [r for r in caplog.records if "paused" in r.getMessage()]
    assert len(paused) == 1, "one outage, one line in the log"
