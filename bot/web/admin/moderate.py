"""Moderation forms on the case page: hide, redact, block and unblock. Admins only, all audited.

Hiding a case and blocking its reporter need a reason and a ticked confirmation (a required box,
so the guard works without script); the server checks both again. Every form leads back to the
case opened at its message (#result)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for

from bot import services
from bot.admin import moderation
from bot.web.admin import access
from storage.models import LineUser

blueprint = Blueprint("admin_moderate", __name__, url_prefix="/admin/cases/<ticket>")


class Unconfirmed(ValueError):
    """A risky form came without its reason or its ticked confirmation; the message is the word."""


@blueprint.post("/hidden")
@access.requires("moderate")
def case_hidden(ticket: str):
    """Hide the case from public output (with a reason, confirmed), or show it again."""
    hide = request.form.get("hidden") == "1"
    return _apply(ticket, "did_hide" if hide else "did_unhide", lambda uow: moderation.set_case_hidden(
        uow, ticket, hide, actor=access.actor(), reason=_guarded() if hide else _reason()))


@blueprint.post("/photos/<int:photo_id>/hidden")
@access.requires("moderate")
def photo_hidden(ticket: str, photo_id: int):
    """Hide one photo from public output, or show it again."""
    hide = request.form.get("hidden") == "1"
    return _apply(ticket, "did_hide_photo" if hide else "did_unhide_photo",
                  lambda uow: moderation.set_photo_hidden(uow, ticket, photo_id, hide,
                                                          actor=access.actor(), reason=_reason()))


@blueprint.post("/redact")
@access.requires("moderate")
def redact(ticket: str):
    """Replace the description, keeping the original for admins with who and why."""
    return _apply(ticket, "did_redact", lambda uow: moderation.redact_description(
        uow, ticket, request.form.get("text", ""), admin_id=access.g.admin.id,
        actor=access.actor(), reason=_guarded(confirm=False)))


@blueprint.post("/reporter/block")
@access.requires("moderate")
def block_reporter(ticket: str):
    """Block the case's LINE reporter from reporting (with a reason, confirmed)."""
    return _reporter(ticket, True)


@blueprint.post("/reporter/unblock")
@access.requires("moderate")
def unblock_reporter(ticket: str):
    """Let the case's LINE reporter report again."""
    return _reporter(ticket, False)


def _reporter(ticket: str, block: bool):
    """Block or unblock the reporter; saying so, and changing nothing, when it already is."""
    def change(uow):
        case = services.find_case(uow, ticket)
        user = uow.session.get(LineUser, case.reporter_id) if case.reporter_id else None
        if user is None:
            raise Unconfirmed("no_reporter")
        if user.blocked == block:
            return "already_blocked" if block else "already_unblocked"
        moderation.set_user_blocked(uow, case.reporter_id, block, actor=access.actor(),
                                    reason=_guarded() if block else _reason(), case=case)
        return "did_block" if block else "did_unblock"
    return _apply(ticket, None, change)


def _apply(ticket: str, done: str | None, change):
    """Run one moderation change in a unit of work, then show the case at its message (`done`,
    or the word the change returns)."""
    with access.runtime().db.uow() as uow:
        try:
            said = change(uow)
        except (services.CaseNotFound, moderation.NotFound):
            abort(404)
        except Unconfirmed as missing:
            flash(str(missing), "error")
            return _back(ticket)
        uow.commit()
    flash(said if isinstance(said, str) else done, "ok")
    return _back(ticket)


def _back(ticket: str):
    """The case page, opened at the message about what just happened."""
    return redirect(url_for("admin_cases.show", ticket=ticket, _anchor="result"))


def _guarded(confirm: bool = True) -> str:
    """The reason of a risky form, after checking it was given and (if asked) confirmed."""
    reason = _reason()
    if not reason:
        raise Unconfirmed("need_reason")
    if confirm and request.form.get("confirm") != "1":
        raise Unconfirmed("need_confirm")
    return reason


def _reason() -> str | None:
    """The reason typed into a moderation form, if any."""
    return (request.form.get("reason") or "").strip()[:500] or None
