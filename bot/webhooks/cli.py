"""Operator commands: `flask --app bot webhooks add URL|list|remove ID|resume ID|log`."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from storage.opendata import WebhookDelivery, WebhookSubscriber


def _db():
    """The app's database."""
    return current_app.extensions["chaeng"].db


webhooks = AppGroup("webhooks", help="Outgoing webhook subscribers.")


@webhooks.command("add")
@click.argument("url")
def add(url: str) -> None:
    """Register a subscriber and print its signing secret."""
    from bot.opendata.admin import add_subscriber

    runtime = current_app.extensions["chaeng"]
    with runtime.db.uow() as uow:
        try:
            subscriber, secret = add_subscriber(
                uow, url, allowed=runtime.settings.webhook_allowed_private_hosts,
                resolve=runtime.resolve)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
        uow.commit()
        click.echo(f"subscriber {subscriber.id} added; secret (shown once): {secret}")


@webhooks.command("list")
def list_() -> None:
    """List subscribers with their state."""
    with _db().uow() as uow:
        for sub in uow.session.scalars(select(WebhookSubscriber).order_by(WebhookSubscriber.id)):
            reason = f"\t{sub.paused_reason}" if sub.paused_reason else ""
            click.echo(f"{sub.id}\t{sub.status}\t{sub.url}{reason}")


@webhooks.command("remove")
@click.argument("subscriber_id", type=int)
def remove(subscriber_id: int) -> None:
    """Forget a subscriber."""
    from bot.opendata.admin import remove_subscriber

    _apply(remove_subscriber, subscriber_id, "removed")


@webhooks.command("pause")
@click.argument("subscriber_id", type=int)
def pause(subscriber_id: int) -> None:
    """Hold a subscriber's deliveries until it is resumed."""
    from bot.opendata.admin import pause_subscriber

    _apply(pause_subscriber, subscriber_id, "paused")


@webhooks.command("resume")
@click.argument("subscriber_id", type=int)
def resume(subscriber_id: int) -> None:
    """Deliver to a paused subscriber again, starting with what was held back."""
    from bot.opendata.admin import resume_subscriber

    _apply(resume_subscriber, subscriber_id, "resumed")


def _apply(service, subscriber_id: int, done: str) -> None:
    """Run a subscriber service in a unit of work and say what happened."""
    with _db().uow() as uow:
        if not service(uow, subscriber_id):
            raise click.ClickException(f"no subscriber {subscriber_id}")
        uow.commit()
    click.echo(f"{done} {subscriber_id}")


@webhooks.command("log")
@click.option("--limit", default=50, show_default=True)
def log(limit: int) -> None:
    """Show the latest deliveries: when, to whom, what, and how it went."""
    with _db().uow() as uow:
        query = select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)
        for d in uow.session.scalars(query):
            click.echo(f"{d.id}\t{d.created_at:%Y-%m-%d %H:%M:%S}\tsubscriber {d.subscriber_id}\t"
                       f"{d.event_type}\t{d.payload['case']['ticket_id']}\t{d.status}\t"
                       f"attempts {d.attempts}\t{d.response_status or ''}\t{d.error or ''}")
