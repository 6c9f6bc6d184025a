"""CPU seconds used so far by a process group or by PostgreSQL's backends, read from /proc."""
from __future__ import annotations

import os
from pathlib import Path


def group_cpu(group: int) -> float:
    """CPU seconds used so far by the processes of a process group (a Procfile line and its
    children, e.g. gunicorn's workers)."""
    stats = (_stat(path) for path in Path("/proc").glob("[0-9]*/stat"))
    return sum(_cpu(fields) for fields in stats if fields and int(fields[2]) == group)  # pgrp


def _stat(path: Path) -> list[str] | None:
    """The fields of a /proc/PID/stat after the command name, or None if the process is gone."""
    try:
        return path.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _cpu(fields: list[str]) -> float:
    """User plus system CPU seconds from a /proc/PID/stat's fields."""
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backends_cpu(url: str) -> float:
    """CPU seconds used so far by the PostgreSQL backends serving this run's database (0 on SQLite,
    or when the server is on another machine)."""
    if not url.startswith("postgresql"):
        return 0.0
    pids = _column(url, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid()")
    return sum(_cpu(fields) for pid in pids if (fields := _stat(Path(f"/proc/{pid}/stat"))))


def transactions(url: str) -> int:
    """Transactions committed or rolled back in this run's database so far (0 on SQLite); read
    after the processes exit, every backend has flushed its counts."""
    if not url.startswith("postgresql"):
        return 0
    return int(_column(url, "SELECT xact_commit + xact_rollback FROM pg_stat_database "
                            "WHERE datname = current_database()")[0] or 0)


def _column(url: str, sql: str) -> list:
    """The first column of a query's rows, on a connection of its own."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        values = connection.execute(text(sql)).scalars().all()
    engine.dispose()
    return values
