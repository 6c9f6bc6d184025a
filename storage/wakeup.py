"""Let an idle worker sleep until the web app stores an event (PostgreSQL LISTEN), not a fixed poll."""
from __future__ import annotations

import logging
import threading
import time

from storage.db import INBOX_CHANNEL, Database

log = logging.getLogger(__name__)


SLICE_SECONDS = 1.0  # how often a waiting thread looks whether it should stop


class Wakeup:
    """Waits up to a timeout, returning early when PostgreSQL announces new inbox events. One per
    worker process, shared by its threads: one thread reads the announcements and wakes as many
    of the others as events came. With a listener per thread every thread woke for every event,
    and all but one found the inbox empty (four threads: four claims per event)."""

    def __init__(self, db: Database):
        self.db = db
        self._connection = None  # a psycopg connection of its own, outside the pool
        self._listening = db.engine.dialect.name == "postgresql"
        self._reading = threading.Lock()  # held by the thread reading the announcements
        self._turns = threading.Condition()
        self._waiting = 0  # threads waiting for the reader to wake them
        self._handed = 0  # wake-ups handed to waiting threads and not yet taken

    def listen(self) -> None:
        """Start listening now, so an event stored before the first wait still wakes us."""
        if self._listening and self._connection is None:
            try:
                self._listen()
            except Exception as error:  # noqa: BLE001 - the first wait tries again
                log.debug("wake-up connection not opened: %s", type(error).__name__)

    def wait(self, seconds: float, should_stop=lambda: False) -> None:
        """Sleep `seconds`, or less when an event arrives or `should_stop()` turns true."""
        if not self._listening:
            time.sleep(seconds)
            return
        deadline = time.monotonic() + seconds
        while not should_stop() and (left := deadline - time.monotonic()) > 0:
            if self._reading.acquire(blocking=False):
                try:
                    came = self._read(min(left, SLICE_SECONDS))
                finally:
                    self._reading.release()
                with self._turns:  # the others: one per further event, and one to read next
                    self._handed += max(0, min(came - 1, self._waiting - self._handed))
                    self._turns.notify_all()
                if came:
                    return
            elif self._follow(min(left, SLICE_SECONDS)):
                return

    def kick(self) -> None:
        """Wake one waiting thread: the caller found a full batch, so more may be waiting than one
        announcement said (the web app announces a burst of events once)."""
        with self._turns:
            if self._waiting > self._handed:
                self._handed += 1
                self._turns.notify_all()

    def _follow(self, seconds: float) -> bool:
        """Wait for the reading thread to hand over a wake-up; False if none came (then the
        caller may take over reading)."""
        with self._turns:
            self._waiting += 1
            try:
                self._turns.wait_for(lambda: self._handed or not self._reading.locked(), seconds)
                if self._handed:
                    self._handed -= 1
                    return True
                return False
            finally:
                self._waiting -= 1

    def _read(self, seconds: float) -> int:
        """How many announcements came within `seconds` (all of them taken, so the next wait
        waits); any trouble costs a sleep and a new connection next time."""
        try:
            connection = self._connection or self._listen()
            came = sum(1 for _ in connection.notifies(timeout=seconds, stop_after=1))
            if came:
                came += sum(1 for _ in connection.notifies(timeout=0))
            return came
        except Exception as error:  # noqa: BLE001 - a restart of the database costs one poll
            log.debug("wake-up connection lost: %s", type(error).__name__)
            self.close()
            time.sleep(seconds)
            return 0

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
