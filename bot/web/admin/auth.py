"""Signing in and out, and the language switch."""
from __future__ import annotations

import math

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from bot.admin import accounts, audit, sessions, throttle
from bot.web.admin import access, i18n

blueprint = Blueprint("admin_auth", __name__, url_prefix="/admin", template_folder="templates",
                      static_folder="static", static_url_path="/static")


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Show the sign-in form, or check it and start a session."""
    if request.method == "GET":
        return render_template("admin/sign_in.html", problem=None)
    source = throttle.source_of(access.client_address())
    with access.runtime().db.uow() as uow:
        try:
            user = accounts.sign_in(uow, request.form.get("email", ""),
                                    request.form.get("password", ""), source)
        except accounts.SignInRefused as refused:
            uow.commit()  # the failure counts, and its audit entry stays
            return _refused(refused.retry_after)
        uow.commit()
    session.begin(user.id)
    return redirect(_safe_next(request.args.get("next")))


def _refused(retry_after: int | None):
    """The form again, saying the same whatever was wrong; 429 while the source is slowed."""
    if retry_after is None:
        return render_template("admin/sign_in.html", problem="bad_credentials"), 401
    page = render_template("admin/sign_in.html", problem="slowed",
                           minutes=math.ceil(retry_after / 60))
    return page, 429, {"Retry-After": str(retry_after)}


@blueprint.post("/sign-out")
def sign_out():
    """End the session on the server and audit it; with "everywhere", end every session of the
    account (a phone left signed in, a shared computer)."""
    everywhere = request.form.get("everywhere") == "1" and g.admin is not None
    with access.runtime().db.uow() as uow:
        if everywhere:
            sessions.end_all(uow, g.admin.id)
        audit.record(uow, access.actor(), "sign_out_everywhere" if everywhere else "sign_out")
        uow.commit()
    session.finish()
    return redirect(url_for("admin_auth.sign_in"))


@blueprint.post("/language")
def switch_language():
    """Remember the dashboard language and go back to the page."""
    if request.form.get("lang") in i18n.LANGUAGES:
        session["lang"] = request.form["lang"]
    return redirect(_safe_next(request.form.get("next")))


@blueprint.get("/")
@access.requires("cases")
def home():
    """The dashboard starts at the case list."""
    return redirect(url_for("admin_cases.index"))


def _safe_next(target: str | None) -> str:
    """Only local dashboard paths, so the sign-in form cannot bounce anyone to another site."""
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("admin_cases.index")
