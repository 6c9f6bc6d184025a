"""Let an idle worker sleep until the web app stores an event (PostgreSQL LISTEN), not a fixed poll."""
from __future__ import annotations

import logging
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
