"""Fast bulk inserts that skip rows whose unique key already exists (COPY on PostgreSQL)."""
from __future__ import annotations

import json

from sqlalchemy import JSON, Table

from storage.db import UnitOfWork


def insert_ignoring_duplicates(uow: UnitOfWork, table: Table, rows: list[dict], key: str) -> int:
    """Insert rows (all with the same keys) unless `key` is taken; return how many went in."""
    if not rows:
        return 0
    if uow.is_postgres:
        return _copy_then_insert(uow, table, rows, key)
    from sqlalchemy.dialects.sqlite import insert

    result = uow.session.execute(insert(table).on_conflict_do_nothing(index_elements=[key]), rows)
    return result.rowcount


def _copy_then_insert(uow: UnitOfWork, table: Table, rows: list[dict], key: str) -> int:
    """COPY into a temporary table, then one INSERT ... ON CONFLICT DO NOTHING (ten times faster
    than executemany, and still inside the unit of work's transaction)."""
    columns = list(rows[0])
    as_json = {c for c in columns if isinstance(table.c[c].type, JSON)}
    names = ", ".join(f'"{c}"' for c in columns)
    staging = f"staging_{table.name}"
    cursor = uow.session.connection().connection.driver_connection.cursor()
    cursor.execute(f'CREATE TEMP TABLE IF NOT EXISTS {staging} ON COMMIT DELETE ROWS AS '
                   f'SELECT {names} FROM "{table.name}" WITH NO DATA')
    with cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c], ensure_ascii=False) if c in as_json else row[c]
                            for c in columns])
    cursor.execute(f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM {staging} '
                   f'ON CONFLICT ("{key}") DO NOTHING')
    inserted = cursor.rowcount
    cursor.execute(f"TRUNCATE {staging}")
    return inserted
