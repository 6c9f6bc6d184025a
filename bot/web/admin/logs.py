"""The logs pages: webhook inbox, outbox (with retry for failed messages) and audit log."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from bot import params
from bot.admin import audit, logbook, operations
from bot.privacy import pseudonym
from bot.web.admin import access, names
from bot.web.admin.queries import BANGKOK

blueprint = Blueprint("admin_logs", __name__, url_prefix="/admin/logs")
INBOX_STATES = ("pending", "processing", "done", "ignored", "failed")
PAGE_SIZE = 50  # rows a log page shows; an "older" link pages back from the last one
OUTBOX_STATES = ("pending", "sending", "sent", "failed", "skipped")


@blueprint.get("/inbox")
@access.requires("logs")
def inbox():
    """Webhook events: type, time, processing state, attempts and error."""
    return _log_page(logbook.inbox, "admin/logs_inbox.html", INBOX_STATES)


@blueprint.get("/outbox")
@access.requires("logs")
def outbox():
    """Outgoing messages: purpose, attempts, last error, sent or failed, retry for failed ones."""
    return _log_page(logbook.outbox, "admin/logs_outbox.html", OUTBOX_STATES, texts=logbook.texts)


def _log_page(reader, template: str, states: tuple[str, ...], **extra):
    """Render one log page for the filters in the query string."""
    runtime = access.runtime()
    with runtime.db.uow() as uow:
        rows = reader(uow.session, _query(states), runtime.settings.secret_key)
        return render_template(template, rows=rows, states=states, who=_who(), args=request.args,
                               older=_older(rows), **extra)


@blueprint.post("/outbox/<int:message_id>/retry")
@access.requires("moderate")
def retry(message_id: int):
    """Put a failed message back in the queue (the worker sends it with its old retry key)."""
    with access.runtime().db.uow() as uow:
        try:
            operations.retry_outbox_message(uow, message_id, actor=access.actor())
        except operations.NotRetryable:
            abort(409)
        uow.commit()
    flash("requeued", "ok")
    return redirect(url_for(".outbox", **request.args))


@blueprint.get("/audit")
@access.requires("logs")
def audit_log():
    """Who did what to which case, and every refused attempt."""
    from bot.web.admin import language
    from bot.web.admin.casework import reason_words

    query, runtime, lang = _query(("done", "refused")), access.runtime(), language()
    with runtime.db.uow() as uow:
        rows = audit.entries(uow, audit.AuditQuery(
            ticket_id=query.ticket_id, actor=request.args.get("actor") or None,
            outcome=query.state, since=query.since, until=query.until,
            before_id=query.before_id, limit=PAGE_SIZE))
        # Citizens keep their pseudonym here: staff trace a user through the logs.
        actors = names.actors(uow, [r.actor for r in rows], lang, runtime.settings.secret_key,
                              with_pseudonym=True)
        return render_template("admin/logs_audit.html", rows=rows, states=("done", "refused"),
                               args=request.args, actors=actors, reason_words=reason_words,
                               older=_older(rows),
                               action_name=lambda code: names.action(code, lang))


def _who():
    """Turns a LINE user id into its pseudonym for the page."""
    key = access.runtime().settings.secret_key
    return lambda user_id: pseudonym(key, user_id)


def _query(states: tuple[str, ...]) -> logbook.LogQuery:
    """Filters from the query string; unknown states and bad dates are ignored."""
    args = request.args
    state = args.get("state") if args.get("state") in states else None
    return logbook.LogQuery(ticket_id=(args.get("ticket") or "").strip() or None,
                            user=(args.get("user") or "").strip() or None, state=state,
                            since=_day(args.get("since"), "since"),
                            until=_day(args.get("until"), "until", 1),
                            before_id=params.whole(args.get("before"), "before") or 0,
                            limit=PAGE_SIZE)


def _older(rows) -> dict | None:
    """The query arguments of the next, older page, when this page is full."""
    if len(rows) < PAGE_SIZE:
        return None
    return {**request.args.to_dict(), "before": rows[-1].id}


def _day(value: str | None, name: str, plus: int = 0) -> datetime | None:
    """Midnight in Bangkok of a YYYY-MM-DD day (plus some days), or None."""
    day = params.day(value, name, strict=False)
    return datetime.combine(day, time(), BANGKOK) + timedelta(days=plus) if day else None
