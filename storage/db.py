"""Engine, sessions and the unit of work that every service call runs in."""
from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import Callable, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from storage.sqlite_lock import LockedConnection, lock_for
from storage.timestamps import tolerate_out_of_range

INBOX_CHANNEL = "chaeng_inbox"  # PostgreSQL NOTIFY channel: new webhook events are waiting
IDLE_PING_SECONDS = 1.0  # a pooled PostgreSQL connection idle this long is pinged before use
log = logging.getLogger(__name__)
T = TypeVar("T")


def make_engine(url: str, *, write_lock: bool = True, single_statements: bool = False) -> Engine:
    """Create an engine; SQLite gets a busy timeout, WAL and (on a file) the write lock, so the
    web app's processes and the worker share it. On PostgreSQL, `single_statements` gives an
    engine for Database.write_once: each statement commits itself and check-out does not ping."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        database = make_url(url).database  # (a file path has no query string or URI form)
        on_file = bool(database) and database == path and not database.startswith((":", "file:"))
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        locked = write_lock and on_file
        connect_args = {"timeout": 30, **({"factory": LockedConnection} if locked else {})}
        engine = create_engine(url, connect_args=connect_args, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite starts transactions late and breaks SAVEPOINT; SQLAlchemy's documented fix.
        # IMMEDIATE takes the write lock up front: a transaction that read first and then
        # wants to write cannot wait for the lock (SQLite fails it at once, busy timeout or not).
        if locked:
            # Writers queue on a lock file first and start as soon as it is free; SQLite's busy
            # timeout stays the backstop (storage/sqlite_lock.py).
            lock = lock_for(database)
            event.listen(engine, "connect", lambda dbapi, _record: dbapi.attach(lock))
            event.listen(engine, "begin",
                         lambda conn: conn.connection.dbapi_connection.begin_immediate())
        else:
            event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        event.listen(engine, "before_cursor_execute", _without_nul, retval=True)
        return engine
    # A PostgreSQL restart must cost one reconnect, not a crashed request: a connection idle for a
    # while is pinged before use (_ping_after_idle). Single statements skip it (and BEGIN and
    # COMMIT): write_once retries on a dropped connection instead.
    # hide_parameters: error messages (logged, stored in the inbox) must not carry user ids.
    options = dict(isolation_level="AUTOCOMMIT", pool_reset_on_return=None) \
        if single_statements else {}
    engine = create_engine(url, pool_recycle=1800, hide_parameters=True, **options)
    event.listen(engine, "connect", tolerate_out_of_range)
    if not single_statements:
        _ping_after_idle(engine)
    # PostgreSQL text cannot hold NUL: a typed or URL-encoded %00 would be a DataError (a 500).
    # SQLite drops it too, so both databases read the same input the same way.
    event.listen(engine, "before_cursor_execute", _without_nul, retval=True)
    return engine


def _ping_after_idle(engine: Engine) -> None:
    """Ping a pooled connection before use when it has been idle for IDLE_PING_SECONDS, and
    replace it if the server dropped it. SQLAlchemy's pool_pre_ping pings at every check-out: a
    sixth of a busy worker's statements (about 18 for a report). A connection used a moment ago
    is alive but for a restart in that moment, and then the first statement fails, the pool drops
    every connection made before it, and the worker's round, which any failure may end, is retried."""
    @event.listens_for(engine, "checkin")
    def _used(_dbapi_connection, record) -> None:
        record.info["used"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _alive(dbapi_connection, record, _proxy) -> None:
        if time.monotonic() - record.info.get("used", float("-inf")) < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:  # the pool reconnects and tries again
            raise DisconnectionError(f"dropped while idle: {type(error).__name__}") from error


def _without_nul(_conn, _cursor, statement, parameters, _context, executemany):
    """Drop NUL characters from string parameters, the one character PostgreSQL text refuses."""
    if executemany and isinstance(parameters, list):  # (insertmanyvalues batches come as one dict)
        return statement, [_nul_free(row) for row in parameters]
    return statement, _nul_free(parameters)


def _nul_free(parameters):
    """The parameters (a dict or a sequence) with NUL removed from every string."""
    if isinstance(parameters, dict):
        values = parameters.values()
    elif isinstance(parameters, (list, tuple)):
        values = parameters
    else:
        return parameters
    if not any(isinstance(value, str) and "\x00" in value for value in values):
        return parameters  # the usual case: nothing copied
    clean = {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in (
        parameters.items() if isinstance(parameters, dict) else enumerate(parameters))}
    return clean if isinstance(parameters, dict) else type(parameters)(clean.values())


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Turn on WAL and foreign keys for every SQLite connection; commit without an fsync each."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    _turn_on_wal(cursor)
    # In WAL mode NORMAL loses no committed transaction when a process dies, only when the machine
    # loses power before the next checkpoint; it saves an fsync on every webhook's commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _turn_on_wal(cursor, attempts: int = 100) -> None:
    """Switch a new database file to WAL, waiting out others doing the same.

    WAL stays set in the file, so this is a read after the first time. The switch itself needs the
    file to itself and SQLite refuses it at once (no busy handler) while another process is opening
    it: two gunicorn workers starting on a fresh file used to fail one of them to boot.
    """
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    for attempt in range(attempts):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)


class UnitOfWork:
    """A transaction: rolls back unless commit() is called."""

    def __init__(self, session_factory: sessionmaker):
        self._session_factory = session_factory
        self.session: Session

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        return self

    def __exit__(self, *exc) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        """Make the work of this unit permanent."""
        self.session.commit()

    def rollback(self) -> None:
        """Forget the work of this unit."""
        self.session.rollback()

    @property
    def connection(self) -> Connection:
        """The Core connection of this unit's transaction."""
        return self.session.connection()

    @property
    def is_postgres(self) -> bool:
        """Whether row locks with SKIP LOCKED are available."""
        return self.session.get_bind().dialect.name == "postgresql"


class CoreUnit:
    """A unit of work for one short write on a Core connection, without the ORM's Session."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.is_postgres = connection.dialect.name == "postgresql"


class Database:
    """One engine and its session factory; hands out units of work."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        # No check-out ping and autocommit on PostgreSQL; SQLite's one engine already writes alone.
        self._single = make_engine(url, single_statements=True) if url.startswith("postgresql") \
            else self.engine

    def uow(self) -> UnitOfWork:
        """Start a new unit of work."""
        return UnitOfWork(self.session_factory)

    def write_once(self, work: Callable[[CoreUnit], T]) -> T:
        """Run one idempotent write and commit it, once more on a fresh connection if the database
        dropped the first (a restart); any other error, or a second drop, is raised.

        The webhook's path: on PostgreSQL its one statement commits itself (no BEGIN, COMMIT or
        check-out ping, one round trip instead of four), so the work must be a single statement
        that is safe to repeat, such as INSERT ... ON CONFLICT DO NOTHING.
        """
        try:
            return self._write(work)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
            # The pool has dropped every connection made before the restart, not only this one.
            log.warning("database connection dropped; writing again on a fresh one")
        return self._write(work)

    def _write(self, work: Callable[[CoreUnit], T]) -> T:
        """Run the work in one transaction on the single-statement engine."""
        with self._single.begin() as connection:
            return work(CoreUnit(connection))

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        if self._single is not self.engine:
            self._single.dispose()
