"""Who is signed in, and what their role lets them see and do."""
from __future__ import annotations

import functools
import hashlib

from flask import abort, current_app, g, redirect, request, session, url_for

from storage.admin_models import AdminUser
from storage.models import Case

# Who may open which area; admin sees and does everything.
AREAS = {
    "cases": ("admin", "supervisor", "operator"),
    "intake": ("admin", "operator"),
    "map": ("admin", "supervisor"),
    "stats": ("admin", "supervisor"),
    "logs": ("admin", "supervisor"),
    "moderate": ("admin",),
    "private": ("admin",),          # message text, redacted originals
    "caller_phone": ("admin", "operator"),
}


def runtime():
    """The process's runtime (settings, database, media)."""
    return current_app.extensions["chaeng"]


def load_user() -> None:
    """Put the signed-in, still active staff member (or None) on g for this request."""
    g.admin = None
    admin_id = session.get("admin_id")
    if admin_id is None:
        return
    with runtime().db.uow() as uow:
        user = uow.session.get(AdminUser, admin_id)
        if user is None or not user.active or session.get("pw") != password_stamp(user):
            session.clear()  # deleted, disabled or password changed: every old session ends
            return
        uow.session.expunge(user)
    g.admin = user


def password_stamp(user: AdminUser) -> str:
    """A digest of the password hash kept in the session, so a password change ends old sessions."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def allowed(area: str, user: AdminUser | None = None) -> bool:
    """Whether the user's role opens this area."""
    user = user or g.get("admin")
    return user is not None and user.role in AREAS[area]


def agencies_of(user: AdminUser) -> set[str] | None:
    """The agency codes a staff member acts for; None means every agency.

    Hook for the officers' agencies: until supervisors are linked to agencies, they hold none.
    """
    return None if user.role == "admin" else set()


def may_act_on(user: AdminUser, case: Case) -> bool:
    """Whether the user may take lifecycle actions on this case (admins always; supervisors for
    cases their agencies hold; operators never)."""
    agencies = agencies_of(user)
    if agencies is None:
        return True
    held_by = getattr(case, "agency_code", None)
    return user.role == "supervisor" and held_by is not None and held_by in agencies


def requires(area: str):
    """Decorate a view: sign-in required, and a role that opens `area` (else 403)."""
    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if g.get("admin") is None:
                return redirect(url_for("admin_auth.sign_in", next=request.full_path))
            if not allowed(area):
                if request.method != "GET":
                    _audit_refusal(area)
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorate


def _audit_refusal(area: str) -> None:
    """Write down an action the signed-in role may not take (reading a page is not an action)."""
    from bot.admin import audit

    with runtime().db.uow() as uow:
        audit.record(uow, actor_label(), (request.endpoint or area).split(".")[-1], outcome="refused",
                     reason=f"role {g.admin.role} may not {area}"[:500])
        uow.commit()


def actor_label(user: AdminUser | None = None) -> str:
    """How the audit log and case history name a staff member."""
    user = user or g.admin
    return f"{user.role}:{user.email}"
