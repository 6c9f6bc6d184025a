"""The worker's privacy chores: finishing erasures as soon as their last message is sent, and
retention once a Bangkok day; and `flask --app bot retention run [--dry-run]` to apply it now."""
from __future__ import annotations

import logging
import time
import weakref
from datetime import timedelta, timezone

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import exists, select

from bot import services
from storage.models import Photo, PrivacyRequest, utcnow

log = logging.getLogger(__name__)
BANGKOK = timezone(timedelta(hours=7))
CHECK_SECONDS = 2.0  # how often a running worker looks for erasures to finish
BATCH = 5000  # rows retention empties per table and transaction


def run(runtime, drain: bool = False) -> int:
    """The chores due now; return how many things they did (0 on most rounds)."""
    return finish_erasures(runtime, drain) + retention_due(runtime)


def finish_erasures(runtime, drain: bool = False) -> int:
    """Finish erasures whose last message is sent, at most every CHECK_SECONDS (always in drain)."""
    if not drain and time.monotonic() < _next_check.get(runtime.db, 0.0):
        return 0
    _next_check[runtime.db] = time.monotonic() + CHECK_SECONDS
    with runtime.db.uow() as uow:
        waiting = uow.session.scalar(select(
            exists().where(PrivacyRequest.finishing_user_id.is_not(None))
            | exists().where(Photo.kind == "erased")))
        if not waiting:
            return 0
        return services.finish_erasures(uow, runtime.media)


def retention_due(runtime) -> int:
    """Apply retention once per Bangkok day in this process; return how many rows it emptied."""
    today = utcnow().astimezone(BANGKOK).date()
    if _retained_on.get(runtime.db) == today:
        return 0
    removed = apply_retention(runtime)
    _retained_on[runtime.db] = today
    return removed.inbox_bodies + removed.outbox_messages


def apply_retention(runtime, dry_run: bool = False) -> services.Removed:
    """Empty message bodies older than RETENTION_DAYS now, a batch per transaction (or only
    count them)."""
    days, inbox, outbox = runtime.settings.retention_days, 0, 0
    while True:
        with runtime.db.uow() as uow:
            batch = services.apply_retention(uow, days, dry_run=dry_run, limit=BATCH)
            uow.commit()
        inbox, outbox = inbox + batch.inbox_bodies, outbox + batch.outbox_messages
        if dry_run or max(batch.inbox_bodies, batch.outbox_messages) < BATCH:
            break
    removed = services.Removed(inbox, outbox)
    if not dry_run and (removed.inbox_bodies or removed.outbox_messages):
        log.info("retention (%d days): %d inbox bodies and %d outbox messages emptied", days,
                 removed.inbox_bodies, removed.outbox_messages)
    return removed


_next_check: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # database -> monotonic
_retained_on: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # database -> Bangkok day


@click.group("retention")
def retention() -> None:
    """Keep raw webhook bodies and sent messages only RETENTION_DAYS (default 90)."""


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Only count what would be emptied.")
@with_appcontext
def run_retention(dry_run: bool) -> None:
    """Empty the bodies of inbox events and outbox messages older than RETENTION_DAYS now."""
    runtime = current_app.extensions["chaeng"]
    removed = apply_retention(runtime, dry_run=dry_run)
    verb = "would empty" if dry_run else "emptied"
    click.echo(f"retention {runtime.settings.retention_days} days: {verb} "
               f"{removed.inbox_bodies} inbox event bodies and {removed.outbox_messages} outbox "
               f"message bodies")
