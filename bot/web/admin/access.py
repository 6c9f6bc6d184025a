"""Who is signed in, and what their role lets them see and do."""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for

from bot.admin import accounts
from bot.permissions import Actor
from storage.admin_models import AdminUser
from storage.models import Case

# Who may open which area; admin sees and does everything.
AREAS = {
    "cases": ("admin", "supervisor", "operator"),
    "intake": ("admin", "operator"),
    "map": ("admin", "supervisor"),
    "stats": ("admin", "supervisor"),
    "logs": ("admin", "supervisor"),
    "act": ("admin", "supervisor"),  # case actions; supervisors only on their agencies' cases
    "moderate": ("admin",),
    "webhooks": ("admin",),
    "private": ("admin",),          # message text, redacted originals
    "caller_phone": ("admin", "operator"),
}


def runtime():
    """The process's runtime (settings, database, media)."""
    return current_app.extensions["chaeng"]


def load_user() -> None:
    """Put the signed-in, still active staff member (or None) on g for this request."""
    g.admin, g.admin_agencies = None, frozenset()
    admin_id = getattr(session, "admin_id", None)
    if admin_id is None:
        return
    with runtime().db.uow() as uow:
        user = uow.session.get(AdminUser, admin_id)
        if user is None or not user.active:
            session.finish()  # disabling ends its sessions already: belt and braces
            return
        agencies = accounts.agencies_of(uow, user)
        uow.session.expunge(user)
    g.admin, g.admin_agencies = user, agencies


def to_sign_in():
    """Send a visitor who is not signed in to the sign-in form (their form unread: it cannot be
    sent again from there anyway), to come back to the page they were on."""
    back = urlsplit(request.referrer or "")
    local = back.netloc == request.host and back.path.startswith("/admin")
    return redirect(url_for("admin_auth.sign_in", next=back.path if local else None), 303)


def client_address() -> str:
    """Where the request came from as far as the app can tell: the connection's peer, or, with
    TRUSTED_PROXIES=n, the address the n-th proxy from us saw, read from X-Forwarded-For. Without
    that setting the header is ignored: anyone can write it."""
    hops = runtime().settings.trusted_proxies
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")
                 if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.remote_addr or "unknown"


def allowed(area: str, user: AdminUser | None = None) -> bool:
    """Whether the user's role opens this area."""
    user = user or g.get("admin")
    return user is not None and user.role in AREAS[area]


def agencies_of(user: AdminUser) -> frozenset[int] | None:
    """The ids of the agencies a staff member acts for; None means every agency (admins)."""
    if user.role == "admin":
        return None
    return g.get("admin_agencies", frozenset()) if user.role == "supervisor" else frozenset()


def may_act_on(user: AdminUser, case: Case) -> bool:
    """Whether to offer lifecycle actions on this case: admins always; supervisors when one of
    their agencies holds it; operators never. The services check again and audit refusals."""
    agencies = agencies_of(user)
    return agencies is None or (case.agency_id is not None and case.agency_id in agencies)


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


def actor() -> Actor:
    """The signed-in staff member as the services and the audit log see them (role:email)."""
    return accounts.staff_actor(g.admin, g.get("admin_agencies", frozenset()))


def _audit_refusal(area: str) -> None:
    """Write down an action the signed-in role may not take (reading a page is not an action)."""
    from bot.admin import audit

    with runtime().db.uow() as uow:
        audit.record(uow, actor(), (request.endpoint or area).split(".")[-1], outcome="refused",
                     reason=f"role {g.admin.role} may not {area}"[:500])
        uow.commit()
