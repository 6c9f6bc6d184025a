"""A write lock in front of SQLite's own: a waiting writer starts the moment the last is done."""
from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
import time
import weakref

# Past this wait a writer stops queueing and leaves it to SQLite's busy timeout: a process that
# holds the lock file but not SQLite's lock (stuck, or itself waiting on a writer that does not
# take this lock) must cost a delay, never a hang.
LOCK_WAIT_SECONDS = 5.0

# SQLite's own checkpoint runs inside the COMMIT that crosses 1,000 WAL pages, fsync included,
# while this lock is still held: every queued writer would wait for the disk. Connections that
# take the lock turn it off, and a thread per process checkpoints after the lock is let go.
CHECKPOINT_EVERY = 300  # commits (a webhook writes 2 to 4 pages)
CHECKPOINT_SECONDS = 1.0
WAL_RESTART_FRAMES = 4000  # pages (16 MB at 4 kB)

log = logging.getLogger(__name__)
# Engines hold their lock; the registry only lets engines of one file share it (tests make
# hundreds of databases, each lock keeps a file descriptor open while in use).
_locks: "weakref.WeakValueDictionary[str, WriteLock]" = weakref.WeakValueDictionary()
_locks_guard = threading.Lock()


def lock_for(database_path: str) -> "WriteLock":
    """This process's write lock for a database file (one per file, shared by all its engines)."""
    path = os.path.realpath(database_path)
    with _locks_guard:
        lock = _locks.get(path)
        if lock is None:
            lock = _locks[path] = WriteLock(path)
        return lock


def _after_fork_in_child() -> None:
    """A forked child must not share its parent's flock (an inherited descriptor is the same
    lock) nor a threading lock some parent thread held at the fork."""
    for lock in list(_locks.values()):
        lock.reopen()


os.register_at_fork(after_in_child=_after_fork_in_child)


class WriteLock:
    """An exclusive flock on a file beside the database: this process's threads queue on a
    threading lock, and the one at the front takes the flock against other processes.

    SQLite's busy handler sleeps 1, 2, 5, 10 … 100 ms between tries, so under load a waiter sleeps
    long after the lock came free. A thread blocked on the threading lock wakes at once; the one
    at the front tries the flock every 0.1 to 1 ms (a blocking flock has no time-out, and waiting
    in it from a helper thread costs two wake-ups per hand-over, which measured slower).
    """

    def __init__(self, database_path: str):
        self.database_path = database_path
        self._fd = -1
        self.reopen()

    def reopen(self) -> None:
        """Start afresh: a descriptor of our own, nobody holding or queueing (after a fork)."""
        if self._fd >= 0:
            os.close(self._fd)
        self._fd = os.open(self.database_path + ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC,
                           0o600)
        self._threads = threading.Lock()
        self._guard = threading.Lock()
        self._commits = 0
        self._checkpoint_due = threading.Event()
        self._checkpointer: threading.Thread | None = None

    def __del__(self):
        if self._fd >= 0:
            os.close(self._fd)

    def acquire(self, timeout: float) -> bool:
        """Take the lock within `timeout` seconds; False when the time ran out."""
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=timeout):
            return False
        pause = 0.0001
        try:
            while True:
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    pass
                if time.monotonic() >= deadline:
                    break
                time.sleep(pause)
                pause = min(pause * 2, 0.001)
        except BaseException:  # a Ctrl-C or SIGTERM while waiting must not leave the queue shut
            self._threads.release()
            raise
        self._threads.release()
        return False

    def release(self) -> None:
        """Let the next writer in."""
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._threads.release()

    def committed(self) -> None:
        """Count a commit; a checkpoint follows every CHECKPOINT_EVERY commits or so."""
        with self._guard:
            self._commits += 1
            if self._commits >= CHECKPOINT_EVERY:
                self._checkpoint_due.set()
            if self._checkpointer is None:
                self._checkpointer = threading.Thread(target=self._checkpoints, daemon=True,
                                                      name="sqlite-checkpoint")
                self._checkpointer.start()

    def _checkpoints(self) -> None:
        """Copy the WAL into the database now and then; end when no commit came for a while."""
        while True:
            self._checkpoint_due.wait(CHECKPOINT_SECONDS)
            self._checkpoint_due.clear()
            with self._guard:
                if not self._commits:
                    self._checkpointer = None  # the next commit starts another
                    return
                self._commits = 0
            try:
                self._checkpoint()
            except sqlite3.Error as error:
                log.warning("SQLite checkpoint skipped: %s", error)

    def _checkpoint(self) -> None:
        """Copy the WAL into the database off the lock; when the WAL has grown long, copy the
        last frames holding the lock, so that the next writer starts the WAL from its beginning."""
        # mode=rw: a database deleted meanwhile is not created again, only missed.
        connection = sqlite3.connect(f"file:{self.database_path}?mode=rw", uri=True, timeout=0,
                                     isolation_level=None)
        try:
            # PASSIVE waits for nobody and nobody waits for it; it copies what was committed
            # when it began, fsync included. Under a steady stream of writes it never catches
            # up with the end of the WAL, which then grows without end (200 MB in 14 s).
            # (What it reports copied counts up to where the WAL ended then, not where it ends now.)
            frames = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
            if frames >= WAL_RESTART_FRAMES and self.acquire(LOCK_WAIT_SECONDS):
                try:  # only the frames written during the first pass are left to copy
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                finally:
                    self.release()
        finally:
            connection.close()


class LockedConnection(sqlite3.Connection):
    """A pysqlite connection that takes the write lock before BEGIN IMMEDIATE and gives it back
    when the transaction ends, however it ends (commit, rollback, the pool's reset, close)."""

    write_lock: WriteLock | None = None
    lock_wait: float = LOCK_WAIT_SECONDS
    _holding = False

    def attach(self, lock: WriteLock) -> None:
        """Take `lock` before every write transaction; leave checkpoints to its thread."""
        self.write_lock = lock
        self.execute("PRAGMA wal_autocheckpoint=0")

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
        """Commit, then let the next writer in (and count the commit for the checkpointer)."""
        committing = self.in_transaction  # (not the pool's no-op on a clean one)
        try:
            super().commit()
        finally:
            self._let_go()
        if committing and self.write_lock is not None:
            self.write_lock.committed()

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
        """Give the lock back if this connection holds it."""
        if self._holding:
            self._holding = False
            self.write_lock.release()
