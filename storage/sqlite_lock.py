"""A write lock in front of SQLite's own, so a waiting writer starts the moment the writer before it is done."""
from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time

# Past this wait a writer stops queueing and leaves it to SQLite's busy timeout: a process that
# holds the lock file but not SQLite's lock (stuck, or itself waiting on a writer that does not
# take this lock) must cost a delay, never a hang.
LOCK_WAIT_SECONDS = 5.0

_locks: dict[tuple[int, str], "WriteLock"] = {}
_locks_guard = threading.Lock()


def lock_for(database_path: str) -> "WriteLock":
    """This process's write lock for a database file (one per file, shared by all its engines)."""
    path = os.path.realpath(database_path) + ".lock"
    key = (os.getpid(), path)  # a forked child must not share its parent's helper thread or file
    with _locks_guard:
        if key not in _locks:
            _locks[key] = WriteLock(path)
        return _locks[key]


class WriteLock:
    """An exclusive flock on a file beside the database: this process's threads queue on a
    threading lock, and the one at the front holds the flock against other processes.

    SQLite's busy handler sleeps 1, 2, 5, 10 … 100 ms between tries, so under load a waiter sleeps
    long after the lock came free; a blocked flock or threading lock wakes at once.
    """

    def __init__(self, path: str):
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self._threads = threading.Lock()
        self._state = threading.Condition()
        self._wanted = self._granted = self._blocked = False
        self._helper: threading.Thread | None = None

    def acquire(self, timeout: float) -> bool:
        """Take the lock within `timeout` seconds; False when the time ran out."""
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=timeout):
            return False
        try:
            if self._flock(deadline):
                return True
        except BaseException:
            self._threads.release()
            raise
        self._threads.release()
        return False

    def release(self) -> None:
        """Let the next writer in."""
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._threads.release()

    def _flock(self, deadline: float) -> bool:
        """The flock, at once when free, else from the helper thread before the deadline."""
        with self._state:
            if not self._blocked:
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    pass
            # A blocking flock has no time-out: a helper thread waits in it, this one waits on a
            # condition that has one.
            self._wanted = True
            if self._helper is None:
                self._helper = threading.Thread(target=self._wait_for_flock, daemon=True,
                                                name=f"sqlite-lock {os.path.basename(self.path)}")
                self._helper.start()
            self._state.notify_all()
            granted = self._state.wait_for(lambda: self._granted, deadline - time.monotonic())
            self._wanted = self._granted = False
            return granted

    def _wait_for_flock(self) -> None:
        """The helper thread: block in flock whenever a writer wants it, hand it over when got."""
        while True:
            with self._state:
                self._state.wait_for(lambda: self._wanted)
                self._blocked = True
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            with self._state:
                self._blocked = False
                if self._wanted:
                    self._granted = True
                    self._state.notify_all()
                else:  # the writer gave up meanwhile: pass it on
                    fcntl.flock(self._fd, fcntl.LOCK_UN)


class LockedConnection(sqlite3.Connection):
    """A pysqlite connection that takes the write lock before BEGIN IMMEDIATE and gives it back
    when the transaction ends, however it ends (commit, rollback, the pool's reset, close)."""

    write_lock: WriteLock | None = None
    lock_wait: float = LOCK_WAIT_SECONDS
    _holding = False

    def begin_immediate(self) -> None:
        """Start a write transaction, queueing on the write lock first."""
        if self.write_lock is not None:
            self._holding = self.write_lock.acquire(self.lock_wait)
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._let_go()
            raise

    def commit(self) -> None:
        """Commit, then let the next writer in."""
        try:
            super().commit()
        finally:
            self._let_go()

    def rollback(self) -> None:
        """Roll back, then let the next writer in."""
        try:
            super().rollback()
        finally:
            self._let_go()

    def close(self) -> None:
        """Close, letting go of the lock if a transaction was still open."""
        try:
            super().close()
        finally:
            self._let_go()

    def _let_go(self) -> None:
        if self._holding:
            self._holding = False
            self.write_lock.release()
