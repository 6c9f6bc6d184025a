"""Moderation: hide cases and photos from public output, redact text, block LINE users."""
from __future__ import annotations

from sqlalchemy import select

from bot.admin import audit
from bot.permissions import Actor
from bot.services import find_case
from bot.webhooks import outbox as webhooks
from storage.admin_models import Redaction
from storage.db import UnitOfWork
from storage.models import Case, LineUser, Photo, utcnow


class NotFound(LookupError):
    """The photo or user to moderate does not exist."""


def set_case_hidden(uow: UnitOfWork, ticket_id: str, hidden: bool, *, actor: Actor,
                    reason: str | None = None) -> Case:
    """Hide a case from public output, or show it again."""
    case = find_case(uow, ticket_id, lock=True)
    before = {"hidden": case.hidden}
    case.hidden = hidden
    if hidden:
        webhooks.withdraw(uow, case.id)  # subscribers hear nothing more of it, queued or not
    audit.record(uow, actor, "hide_case" if hidden else "unhide_case", case=case, reason=reason,
                 before=before, after={"hidden": hidden})
    return case


def set_photo_hidden(uow: UnitOfWork, ticket_id: str, photo_id: int, hidden: bool, *,
                     actor: Actor, reason: str | None = None) -> Photo:
    """Hide one photo of a case from public output, or show it again."""
    photo = uow.session.get(Photo, photo_id, with_for_update=True)
    if photo is None or photo.case is None or photo.case.ticket_id != ticket_id.strip().upper():
        raise NotFound(f"photo {photo_id} of case {ticket_id}")
    before = {"photo_id": photo.id, "hidden": photo.hidden}
    photo.hidden = hidden
    audit.record(uow, actor, "hide_photo" if hidden else "unhide_photo", case=photo.case,
                 reason=reason, before=before, after={"photo_id": photo.id, "hidden": hidden})
    return photo


def redact_description(uow: UnitOfWork, ticket_id: str, new_text: str, *, admin_id: int,
                       actor: Actor, reason: str) -> Case:
    """Replace a case's description, keeping the original (for admins only) with who and why."""
    if not reason.strip():
        raise ValueError("a redaction needs a reason")
    case = find_case(uow, ticket_id, lock=True)
    uow.session.add(Redaction(case_id=case.id, field="description", original=case.description,
                              reason=reason.strip(), admin_id=admin_id, created_at=utcnow()))
    case.description, case.updated_at = new_text.strip(), utcnow()
    # The audit entry says that and why, not what: the original text stays in redactions only.
    audit.record(uow, actor, "redact", case=case, reason=reason.strip())
    return case


def redactions_of(uow: UnitOfWork, case_id: int) -> list[Redaction]:
    """A case's redactions, oldest first."""
    return list(uow.session.scalars(select(Redaction).where(Redaction.case_id == case_id)
                                    .order_by(Redaction.id)))


def set_user_blocked(uow: UnitOfWork, user_id: str, blocked: bool, *, actor: Actor,
                     reason: str | None = None, case: Case | None = None) -> LineUser:
    """Block a LINE user from reporting (their messages get a polite refusal), or unblock them."""
    user = uow.session.get(LineUser, user_id, with_for_update=True)
    if user is None:
        raise NotFound("LINE user")
    before = {"blocked": user.blocked}
    user.blocked = blocked
    audit.record(uow, actor, "block_user" if blocked else "unblock_user", case=case,
                 reason=reason, before=before, after={"blocked": blocked})
    return user
