"""Case actions on the case page, through the same services as officers' commands in LINE.

Each action is one small function and one row of ACTIONS. The signed-in staff member is the actor,
so the services check their rights, audit every refusal and queue the same notifications to the
reporter, followers, officers and webhook subscribers as when an officer acts in the chat.
"""
from __future__ import annotations

import re

from flask import Blueprint, abort, flash, g, redirect, request, url_for

import nlp
from bot import cases as lifecycle
from bot import services
from bot.permissions import refusal
from bot.web.admin import access
from storage.media import BadImage

blueprint = Blueprint("admin_casework", __name__, url_prefix="/admin/cases/<ticket>/act")
NOTE_CHARS = 1000


def _text(field: str) -> str:
    """A typed note, reason, code or ticket, trimmed."""
    return (request.form.get(field) or "").strip()[:NOTE_CHARS]


def _required(field: str) -> str:
    """A field the action cannot go without; MissingField names it."""
    value = _text(field)
    if not value:
        raise MissingField(field)
    return value


class MissingField(ValueError):
    """A form was sent without a field its action needs."""


class Unconfirmed(ValueError):
    """A risky action's form came without its ticked confirmation box."""


def _confirmed() -> None:
    """Check the box a risky action's form asks to tick (a required box: no script needed)."""
    if request.form.get("confirm") != "1":
        raise Unconfirmed()


def _recategorize(uow, ticket, actor):
    """Correct the category (the classifier learns from it)."""
    label = _required("category")
    if label not in nlp.LABELS:
        raise MissingField("category")
    return services.change_category(uow, ticket, [label], actor)


def _reroute(uow, ticket, actor):
    """Give the case to another agency, or to the one the routing rules choose now."""
    return services.reroute(uow, ticket, _text("agency") or None, actor, _text("reason") or None)


def _accept(uow, ticket, actor):
    """Take the case into work."""
    return services.accept(uow, ticket, actor, _text("note") or None)


def _update(uow, ticket, actor):
    """Tell the reporter how the work is going."""
    return services.update(uow, ticket, actor, _required("note"))


def _forward(uow, ticket, actor):
    """Hand the case to another agency, with the reason."""
    return services.forward(uow, ticket, _required("agency"), actor, _required("reason"))


def _finish(uow, ticket, actor):
    """Close the case as fixed with a photo of the fix, stripped like LINE photos."""
    runtime = access.runtime()
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        raise MissingField("photo")
    services.case_for(uow, ticket, actor, "finish")  # refuse before a photo is kept for nothing
    image = runtime.media.save_image(upload.read(), runtime.settings.max_photo_bytes)
    photo = services.add_photo(uow, None, image, kind="after")
    return services.finish(uow, ticket, actor, _text("note") or None, [photo.id])


def _reject(uow, ticket, actor):
    """Close the case as not relevant, with the reason, once confirmed."""
    reason = _required("reason")
    _confirmed()
    return services.reject(uow, ticket, actor, reason)


def _duplicate(uow, ticket, actor):
    """Close the case as a copy of another, once confirmed; its reporter follows the original."""
    original = _required("of").upper()
    _confirmed()
    return services.mark_duplicate(uow, ticket, original, actor)


def _reopen(uow, ticket, actor):
    """Put a closed case back in its agency's queue."""
    return services.reopen_as_staff(uow, ticket, actor, _required("reason"))


# Page order; each name is also the lifecycle action the services check. RISKY ones close the
# case for good in the reporter's eyes: the page styles them apart and asks to confirm.
RISKY = ("reject", "duplicate")
ACTIONS = {"accept": _accept, "update": _update, "forward": _forward, "finish": _finish,
           "reject": _reject, "duplicate": _duplicate, "reopen": _reopen,
           "recategorize": _recategorize, "reroute": _reroute}


def offered(uow, case) -> list[str]:
    """The actions the signed-in staff member may take on the case in its state, in page order."""
    if not access.allowed("act"):
        return []
    actor = access.actor()
    part = services.actor_part(uow, case, actor)
    return [name for name in ACTIONS if (case.state, name) in lifecycle.TRANSITIONS
            and refusal(actor, name, part) is None]


@blueprint.post("/<action>")
@access.requires("act")
def act(ticket: str, action: str):
    """Take one action on the case and go back to it, opened at the message saying what happened."""
    from bot.web.admin import w

    if action not in ACTIONS:
        abort(404)
    with access.runtime().db.uow() as uow:
        try:
            ACTIONS[action](uow, ticket, access.actor())
            uow.commit()
            flash(w(f"did_{action}"), "ok")
        except services.Refused as refused:
            uow.commit()  # the refusal is in the audit log: keep it
            flash(w("action_refused", reason=reason_words(refused.reason)), "error")
        except services.CaseNotFound:
            abort(404)
        except MissingField as missing:
            flash(w("action_missing", field=w(f"field_name_{missing}")), "error")
        except Unconfirmed:
            flash(w("need_confirm"), "error")
        except (services.MissingPhoto, BadImage) as bad:
            flash(w("action_photo", reason=str(bad)), "error")
    return redirect(url_for("admin_cases.show", ticket=ticket, _anchor="result"))


# The services' reasons are English (they go to the audit log as they are); Thai for the page.
REASONS_TH = {"your agency does not hold this case": "หน่วยงานของคุณไม่ได้รับผิดชอบเรื่องนี้",
              "only linked officers may do this": "ทำได้เฉพาะเจ้าหน้าที่ของหน่วยงาน",
              "no such case": "ไม่พบเรื่องนี้", "not a valid original": "เลขเรื่องต้นฉบับใช้ไม่ได้",
              "no such original": "ไม่พบเรื่องต้นฉบับ"}
TRANSITION = re.compile(r"cannot (\w+) a case that is (\w+)")


def reason_words(reason: str | None) -> str:
    """A refusal's reason in the dashboard's language (English reasons stay as they are)."""
    reason = reason or ""
    from bot.web.admin import language, w

    if language() == "en":
        return reason
    moved = TRANSITION.fullmatch(reason)
    if moved and moved.group(2) in lifecycle.STATES:
        return (f"เรื่องในสถานะ “{lifecycle.state_label(moved.group(2), 'th')}” "
                f"ใช้ “{w('act_' + moved.group(1))}” ไม่ได้")
    return REASONS_TH.get(reason, reason)


def agency_choices(uow) -> list:
    """Enabled agencies for the forward and re-route forms, by code."""
    return [a for a in services.agencies(uow) if a.enabled]


def staff_may_act(case) -> bool:
    """Whether the signed-in person acts on this case at all (for the page's explanation)."""
    return access.allowed("act") and access.may_act_on(g.admin, case)
