"""Moderation forms on the case page: hide, redact, block. Admins only, all audited."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for

from bot import services
from bot.admin import moderation
from bot.web.admin import access

blueprint = Blueprint("admin_moderate", __name__, url_prefix="/admin/cases/<ticket>")


@blueprint.post("/hidden")
@access.requires("moderate")
def case_hidden(ticket: str):
    """Hide the case from public output, or show it again."""
    return _apply(ticket, lambda uow: moderation.set_case_hidden(
        uow, ticket, request.form.get("hidden") == "1", actor=access.actor(),
        reason=_reason()))


@blueprint.post("/photos/<int:photo_id>/hidden")
@access.requires("moderate")
def photo_hidden(ticket: str, photo_id: int):
    """Hide one photo from public output, or show it again."""
    return _apply(ticket, lambda uow: moderation.set_photo_hidden(
        uow, ticket, photo_id, request.form.get("hidden") == "1", actor=access.actor(),
        reason=_reason()))


@blueprint.post("/redact")
@access.requires("moderate")
def redact(ticket: str):
    """Replace the description, keeping the original for admins with who and why."""
    if not _reason():
        flash("reason", "error")
        return redirect(url_for("admin_cases.show", ticket=ticket))
    return _apply(ticket, lambda uow: moderation.redact_description(
        uow, ticket, request.form.get("text", ""), admin_id=access.g.admin.id,
        actor=access.actor(), reason=_reason()))


@blueprint.post("/reporter-blocked")
@access.requires("moderate")
def reporter_blocked(ticket: str):
    """Block the case's LINE reporter from reporting, or unblock them."""
    def block(uow):
        case = services.find_case(uow, ticket)
        if not case.reporter_id:
            abort(400)
        moderation.set_user_blocked(uow, case.reporter_id, request.form.get("blocked") == "1",
                                    actor=access.actor(), reason=_reason(), case=case)
    return _apply(ticket, block)


def _apply(ticket: str, change):
    """Run one moderation change in a unit of work, then show the case again."""
    with access.runtime().db.uow() as uow:
        try:
            change(uow)
        except (services.CaseNotFound, moderation.NotFound):
            abort(404)
        uow.commit()
    flash("done", "ok")
    return redirect(url_for("admin_cases.show", ticket=ticket))


def _reason() -> str | None:
    """The reason typed into a moderation form, if any."""
    return (request.form.get("reason") or "").strip()[:500] or None
