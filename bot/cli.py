"""Operator commands: `flask --app bot worker`, `db upgrade`, `admins`, `logs`, `nlp train|eval`."""
from __future__ import annotations

import signal
from pathlib import Path

import click
from flask import Flask, current_app

MIGRATIONS = Path(__file__).resolve().parent.parent / "storage" / "migrations"


def init_app(app: Flask) -> None:
    """Register the CLI commands on the app."""
    from bot.admin.cli import admins, logs

    app.cli.add_command(worker)
    app.cli.add_command(db)
    app.cli.add_command(admins)
    app.cli.add_command(logs)
    from bot.cli_officers import COMMANDS
    for command in COMMANDS:
        app.cli.add_command(command)
    from bot.opendata import cli as opendata_cli

    opendata_cli.init_app(app)
    from bot.insight import cli as insight

    insight.init_app(app)
    from bot.housekeeping import retention

    app.cli.add_command(retention)
    try:
        from nlp.cli import nlp_group
    except ImportError:  # the NLP package is optional for the web app to start
        return
    app.cli.add_command(nlp_group)


@click.command("worker")
@click.option("--drain", is_flag=True, help="Process everything pending, then exit.")
def worker(drain: bool) -> None:
    """Process webhook events and deliver outgoing messages."""
    from bot import worker as work

    runtime = current_app.extensions["chaeng"]
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    if runtime.settings.worker_process_count > 1 and not drain:
        from bot.supervise import run_processes

        click.echo(f"worker starting {runtime.settings.worker_process_count} processes")
        runtime.db.dispose()  # the children open their own connections
        return run_processes(runtime.settings.worker_process_count, lambda: bool(stopping))
    click.echo(f"worker started ({'drain' if drain else 'forever'}), LINE at "
               f"{runtime.settings.line_api_base_url}")
    work.run(runtime, drain=drain, should_stop=lambda: bool(stopping))


@click.group("db")
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def upgrade(revision: str) -> None:
    """Bring the database schema up to date."""
    from alembic import command

    command.upgrade(alembic_config(current_app.extensions["chaeng"].settings.database_url), revision)
    click.echo("database is up to date")


def alembic_config(url: str):
    """An Alembic configuration pointing at our migrations and the given database."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config
