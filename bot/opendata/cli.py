"""Operator commands: `import traffy`, `export`, `apikeys add|list|revoke`, `webhooks ...`."""
from __future__ import annotations

import os
import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

def init_app(app) -> None:
    """Register the open-data commands on the app."""
    from bot.webhooks.cli import webhooks

    for command in (import_group, export, apikeys, webhooks):
        app.cli.add_command(command)


def _runtime():
    """The app's runtime (settings, database)."""
    return current_app.extensions["chaeng"]


import_group = AppGroup("import", help="Load another system's history.")


@import_group.command("traffy")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_traffy(path: str) -> None:
    """Load a Traffy Fondue CSV (gzipped or not) as cases with source 'import'."""
    from bot.opendata.importer import UnreadableFile, import_file

    with open(path, "rb") as raw, click.progressbar(length=os.path.getsize(path),
                                                     label="importing", file=sys.stderr) as bar:
        seen = [0]

        def progress(position: int) -> None:
            bar.update(position - seen[0])
            seen[0] = position
        try:
            summary = import_file(_runtime().db, raw, progress)
        except UnreadableFile as error:
            raise click.ClickException(str(error)) from None
    for line in summary.lines():
        click.echo(line)
    if summary.stopped:
        raise click.ClickException(summary.stopped)


@click.command("export")
@with_appcontext
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson"]), required=True)
@click.option("--since", help="First day (Bangkok time), YYYY-MM-DD.")
@click.option("--until", help="Last day, included (Bangkok time), YYYY-MM-DD.")
def export(fmt: str, since: str | None, until: str | None) -> None:
    """Write public cases to stdout in Traffy's columns, personal data redacted."""
    from bot.opendata.export import csv_chunks, day_start, geojson_chunks, public_rows

    try:
        bounds = day_start(since), day_start(until, next_day=True)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    rows = public_rows(_runtime().db, *bounds)
    for chunk in (csv_chunks if fmt == "csv" else geojson_chunks)(rows):
        sys.stdout.write(chunk)
    sys.stdout.flush()


apikeys = AppGroup("apikeys", help="Open311 API keys.")


@apikeys.command("add")
@click.argument("name")
def apikeys_add(name: str) -> None:
    """Create a key for a client and print it (it cannot be shown again)."""
    from bot.opendata.admin import NameTaken, add_api_key

    with _runtime().db.uow() as uow:
        try:
            key = add_api_key(uow, name)
        except NameTaken:
            raise click.ClickException(f"a key named {name!r} already exists") from None
        uow.commit()
    click.echo(key)


@apikeys.command("list")
def apikeys_list() -> None:
    """List keys by name, with when they were made and revoked."""
    from storage.opendata import ApiKey

    with _runtime().db.uow() as uow:
        for key in uow.session.scalars(select(ApiKey).order_by(ApiKey.name)):
            revoked = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
            click.echo(f"{key.name}\tcreated {key.created_at:%Y-%m-%d %H:%M}\t{revoked}")


@apikeys.command("revoke")
@click.argument("name")
def apikeys_revoke(name: str) -> None:
    """Stop a key from working."""
    from bot.opendata.admin import revoke_api_key

    with _runtime().db.uow() as uow:
        if not revoke_api_key(uow, name):
            raise click.ClickException(f"no active key named {name!r}")
        uow.commit()
    click.echo(f"revoked {name}")
