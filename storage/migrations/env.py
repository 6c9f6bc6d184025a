"""Alembic environment: our models' metadata and the URL the CLI passes in."""
from alembic import context

from storage.db import make_engine
from storage.models import Base
import bot.simulator.models  # noqa: F401  (simulator tables belong to the same schema)

config = context.config


def run() -> None:
    """Run migrations online, in a transaction."""
    url = config.get_main_option("sqlalchemy.url")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
