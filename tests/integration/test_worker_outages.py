"""The worker waits out a database that is away (restart, lock, missing table) and carries on."""
import logging
import threading
import time

from bot import worker
from tests.support import events
from tests.support.database import database_away


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
