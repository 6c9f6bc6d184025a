"""Make a database misbehave on purpose, the way a bad day does."""
from __future__ import annotations

import contextlib

from sqlalchemy import text


@contextlib.contextmanager
def table_away(engine, table: str):
    """Rename a table for the duration, so every statement that needs it fails."""
    with engine.begin() as connection:
        connection.execute(text(f"ALTER TABLE {table} RENAME TO {table}_away"))
    try:
        yield
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"ALTER TABLE {table}_away RENAME TO {table}"))
