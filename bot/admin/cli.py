"""`flask --app bot admins add ...` and `flask --app bot logs inbox|outbox|audit ...`."""
from __future__ import annotations

import time
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from bot.admin import accounts, audit, logbook
from bot.permissions import Actor
from bot.privacy import actor_name, pseudonym
from bot.web.admin.queries import BANGKOK


@click.group("admins", cls=AppGroup)
def admins() -> None:
    """Dashboard accounts."""


@admins.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True)
@click.option("--agency", "agencies", multiple=True, metavar="CODE",
              help="A supervisor's agency (repeat for several); they act on its cases only.")
@click.option("--prompt", "ask", is_flag=True, help="Type the password instead of generating one.")
def add(email: str, role: str, agencies: tuple[str, ...], ask: bool) -> None:
    """Create a dashboard account (or reset its password, role and agencies, enable it again and
    end its open sessions)."""
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True) if ask \
        else accounts.new_password()
    with current_app.extensions["chaeng"].db.uow() as uow:
        try:
            user = accounts.add_admin(uow, email, role, password, agencies)
        except accounts.AccountError as error:
            raise click.UsageError(str(error)) from None
        uow.commit()
        acts_for = f" for {', '.join(sorted(a.lower() for a in agencies))}" if agencies else ""
        click.echo(f"{user.email} is now {user.role}{acts_for}")
        if role == "supervisor" and not agencies:
            click.echo("note: a supervisor without --agency reads everything but acts on no case")
    if not ask:
        click.echo(f"password (shown once, pass it on privately): {password}")


@admins.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Stop an account signing in and end its sessions now (`admins add` brings it back)."""
    with current_app.extensions["chaeng"].db.uow() as uow:
        try:
            user = accounts.disable_admin(uow, email, Actor.admin("cli"))
        except accounts.AccountError as error:
            raise click.UsageError(str(error)) from None
        uow.commit()
        click.echo(f"{user.email} disabled; its sessions are ended")


@click.command("logs")
@with_appcontext
@click.argument("which", type=click.Choice(["inbox", "outbox", "audit"]))
@click.option("--ticket", help="Only rows about this ticket id.")
@click.option("--failed", is_flag=True, help="Only failed events, messages or refused actions.")
@click.option("--follow", is_flag=True, help="Keep printing new rows as they arrive (Ctrl-C stops).")
@click.option("--actor", help="Audit log: only entries whose actor contains this (admin:, officer:3…).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only rows from this Bangkok day on.")
def logs(which: str, ticket: str | None, failed: bool, follow: bool, actor: str | None,
         since: datetime | None) -> None:
    """Show the webhook inbox, the outbox or the audit log, as on the dashboard."""
    runtime = current_app.extensions["chaeng"]
    last = 0
    start = since.replace(tzinfo=BANGKOK) if since else None
    while True:
        with runtime.db.uow() as uow:
            rows = _rows(uow, which, ticket, failed, last, runtime.settings.secret_key, actor,
                         start)
            for row in (rows if last else reversed(rows)):
                click.echo(_line(which, row, runtime.settings.secret_key))
            last = max([last, *(row.id for row in rows)])
        if not follow:
            return
        time.sleep(1.0)


def _rows(uow, which: str, ticket: str | None, failed: bool, after_id: int, key: str,
          actor: str | None = None, since: datetime | None = None) -> list:
    """The rows to print: the latest 50, or everything newer than after_id when following."""
    if which == "audit":
        return audit.entries(uow, audit.AuditQuery(ticket_id=ticket, after_id=after_id, limit=50,
                                                   outcome="refused" if failed else None,
                                                   actor=actor, since=since))
    query = logbook.LogQuery(ticket_id=ticket, state="failed" if failed else None,
                             after_id=after_id, limit=50, since=since)
    reader = logbook.inbox if which == "inbox" else logbook.outbox
    return reader(uow.session, query, key)


def _line(which: str, row, key: str) -> str:
    """One row as one line of text; never a message body or a LINE user id."""
    if which == "audit":
        return (f"{row.at:%Y-%m-%d %H:%M:%S} {actor_name(key, row.actor)} {row.action} "
                f"{row.outcome} "
                f"{row.ticket_id or '-'} {row.reason or ''}").rstrip()
    if which == "inbox":
        return (f"{row.id} {row.received_at:%Y-%m-%d %H:%M:%S} {row.event_type} {row.status} "
                f"attempts={row.attempts} user={pseudonym(key, row.user_id)} {row.error or ''}").rstrip()
    return (f"{row.id} {row.created_at:%Y-%m-%d %H:%M:%S} {row.purpose} {row.status} "
            f"attempts={row.attempts} user={pseudonym(key, row.user_id)} {row.error or ''}").rstrip()
