"""Make a database misbehave on purpose, the way a bad day does."""
from __future__ import annotations

import contextlib

from sqlalchemy import create_engine, make_url, text


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


@contextlib.contextmanager
def database_away(url: str, engine):
    """PostgreSQL refuses connections and drops the open ones (a restart); SQLite loses a table."""
    if not url.startswith("postgresql"):
        with table_away(engine, "inbox_events"):
            yield
        return
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
        try:
            yield
        finally:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    admin.dispose()


def migrated_from_empty(url: str) -> None:
    """Empty the database and build it with `db upgrade`, as production does."""
    from alembic import command

    from bot.cli import alembic_config
    from storage.models import Base

    engine = create_engine(url)
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    engine.dispose()
    command.upgrade(alembic_config(url), "head")
