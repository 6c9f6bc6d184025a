"""Outgoing webhook subscribers: list, add, pause, resume, remove, recent deliveries. Admins only;
the same bot.opendata.admin functions as `flask --app bot webhooks …`, each change audited."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from bot.opendata import admin as subscribers
from bot.web.admin import access
from bot.webhooks.addresses import NotAllowed, PrivateAddress

blueprint = Blueprint("admin_webhooks", __name__, url_prefix="/admin/webhooks")
CHANGES = {"pause": subscribers.pause_subscriber, "resume": subscribers.resume_subscriber,
           "remove": subscribers.remove_subscriber}
DONE = {"pause": "paused", "resume": "resumed", "remove": "removed"}


@blueprint.get("/")
@access.requires("webhooks")
def index(secret: str | None = None, problem: str | None = None, status: int = 200):
    """Subscribers with their state, and the latest deliveries."""
    with access.runtime().db.uow() as uow:
        return render_template("admin/webhooks.html", subscribers=subscribers.list_subscribers(uow),
                               deliveries=subscribers.recent_deliveries(uow), secret=secret,
                               problem=problem, values=request.form), status


@blueprint.post("/")
@access.requires("webhooks")
def add():
    """Register a subscriber; its secret is shown on this answer only."""
    url = (request.form.get("url") or "").strip()
    secret = (request.form.get("secret") or "").strip() or None
    runtime = access.runtime()
    with runtime.db.uow() as uow:
        try:
            _sub, secret = subscribers.add_subscriber(
                uow, url, secret, actor=access.actor(),
                allowed=runtime.settings.webhook_allowed_private_hosts, resolve=runtime.resolve)
        except ValueError as error:
            return index(problem=_problem(error), status=400)
        uow.commit()
    return index(secret=secret)


@blueprint.post("/<int:subscriber_id>/<change>")
@access.requires("webhooks")
def update(subscriber_id: int, change: str):
    """Pause, resume or remove one subscriber."""
    if change not in CHANGES:
        abort(404)
    with access.runtime().db.uow() as uow:
        if not CHANGES[change](uow, subscriber_id, actor=access.actor()):
            abort(404)
        uow.commit()
    flash(DONE[change], "ok")
    return redirect(url_for(".index"))


def _problem(error: ValueError) -> str:
    """The dashboard's message key for a refused subscriber."""
    if isinstance(error, PrivateAddress):
        return "private_url"
    return "bad_url" if isinstance(error, NotAllowed) else "bad_secret"
