"""Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from bot.cli import alembic_config
from storage.models import Base


def test_migrating_an_empty_database_gives_the_models_schema(database_url):
    engine = create_engine(database_url)
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    command.upgrade(alembic_config(database_url), "head")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []
