"""Let an idle worker sleep until the web app stores an event (PostgreSQL LISTEN), not a fixed poll."""
from __future__ import annotations

import logging
import threading
import time

from storage.db import INBOX_CHANNEL, Database

log = logging.getLogger(__name__)


class Wakeup:
    """Waits up to a timeout, returning early when PostgreSQL announces new inbox events."""

    def __init__(self, db: Database):
        self.db = db
        self._connection = None  # a psycopg connection of its own, outside the pool
        self._listening = db.engine.dialect.name == "postgresql"

    def listen(self) -> None:
        """Start listening now, so an event stored before the first wait still wakes us."""
        if self._listening and self._connection is None:
            try:
                self._listen()
            except Exception as error:  # noqa: BLE001 - the first wait tries again
                log.debug("wake-up connection not opened: %s", type(error).__name__)

    def wait(self, seconds: float) -> None:
        """Sleep `seconds`, or less when an event arrives; any trouble falls back to a sleep."""
        if not self._listening:
            time.sleep(seconds)
            return
        try:
            connection = self._connection or self._listen()
            for _ in connection.notifies(timeout=seconds, stop_after=1):
                pass
            # Several events make several notifications: take them all, so the next wait waits.
            for _ in connection.notifies(timeout=0):
                pass
        except Exception as error:  # noqa: BLE001 - a restart of the database costs one poll
            log.debug("wake-up connection lost: %s", type(error).__name__)
            self.close()
            time.sleep(seconds)

    def _listen(self):
        """Open the listening connection (detached from the pool: it is held for good)."""
        raw = self.db.engine.raw_connection()
        connection = raw.dbapi_connection
        raw.detach()
        connection.rollback()  # the pool's ping may have opened a transaction; autocommit needs none
        connection.autocommit = True
        connection.execute(f"LISTEN {INBOX_CHANNEL}")
        self._connection = connection
        return connection

    def close(self) -> None:
        """Stop listening."""
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:  # noqa: BLE001 - already broken is fine
                pass
            self._connection = None


class Announcer:
    """Tells waiting workers that new inbox events are stored: one NOTIFY from a thread of its own
    for however many events this process committed since the last one.

    A NOTIFY inside the webhook's own statement made PostgreSQL commit the webhooks one at a time
    (a notifying commit holds a database-wide lock through its WAL flush, so no two share a flush):
    8 threads of one-row inserts ran at half the rate (docs/BENCHMARKS.md, webhook acknowledgement).
    """

    IDLE_SECONDS = 60  # the thread ends when nothing is stored for this long, and starts again
    GATHER_SECONDS = 0.005  # a wake-up this much later lets one NOTIFY cover several webhooks

    def __init__(self, db: Database):
        self.db = db
        self._due = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._on = db.engine.dialect.name == "postgresql"  # SQLite's workers poll

    def announce(self) -> None:
        """Say that events were committed; a NOTIFY is sent after this, soon, in any case."""
        if not self._on:
            return
        with self._lock:
            self._due.set()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="inbox-announcer",
                                                daemon=True)
                self._thread.start()

    def _run(self) -> None:
        """Send a NOTIFY each time one is due; a commit before the flag is cleared is covered."""
        while True:
            if not self._due.wait(self.IDLE_SECONDS):
                with self._lock:
                    if not self._due.is_set():
                        self._thread = None
                        return
            time.sleep(self.GATHER_SECONDS)
            self._due.clear()
            try:
                self.db.write_once(lambda unit: unit.connection.exec_driver_sql(
                    f"NOTIFY {INBOX_CHANNEL}"))
            except Exception as error:  # noqa: BLE001 - the workers' poll finds the events anyway
                log.warning("workers not told of new events: %s", type(error).__name__)
