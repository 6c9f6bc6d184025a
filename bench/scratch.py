"""Scratch databases for the benchmarks: each run gets its own, and it is gone again at the end."""
from __future__ import annotations

import os
import secrets
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def server_url(given: str | None = None) -> str | None:
    """The PostgreSQL server to make scratch databases on: the one given, else the environment's."""
    return given or os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")


@contextmanager
def database(server: str | None, folder: str | Path) -> Iterator[str]:
    """A fresh database for one run: on the PostgreSQL server if one is given, else a SQLite file."""
    with (postgres(server) if server else sqlite(folder)) as url:
        yield url


@contextmanager
def postgres(server: str, *, keep: bool = False) -> Iterator[str]:
    """Create a uniquely named database on the server and yield its URL; drop it at the end, on an
    error, Ctrl-C or SIGTERM too, unless keep (then its name is printed)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(server).set(drivername="postgresql+psycopg")
    name = f"chaeng_bench_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        admin.connect().close()  # an unreachable server fails here, with nothing to drop
        with _terminate_as_exit():
            try:
                # Inside the try: a Ctrl-C just after the CREATE must still drop it.
                with admin.connect() as connection:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
                yield base.set(database=name).render_as_string(hide_password=False)
            finally:
                if keep:
                    print(f"\nkept database {name}")
                else:
                    with admin.connect() as connection:
                        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def sqlite(folder: str | Path) -> Iterator[str]:
    """Yield the URL of a new SQLite file in the folder; remove it, its WAL, shared memory and
    write-lock files at the end."""
    path = Path(folder) / f"bench-{secrets.token_hex(4)}.db"
    try:
        yield f"sqlite:///{path}"
    finally:
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """Make SIGTERM (kill, timeout) unwind like Ctrl-C, so the finally blocks that drop the
    database and stop the servers run; Python's default dies without them."""
    mine = (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)
    if mine:
        signal.signal(signal.SIGTERM, lambda number, _frame: sys.exit(128 + number))
    try:
        yield
    finally:
        if mine:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
