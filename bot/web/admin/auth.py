"""Signing in and out, and the language switch."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from bot.admin import accounts, audit
from bot.web.admin import access, i18n

blueprint = Blueprint("admin_auth", __name__, url_prefix="/admin", template_folder="templates",
                      static_folder="static", static_url_path="/static")


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Show the sign-in form, or check it and start a session."""
    problem = None
    if request.method == "POST":
        with access.runtime().db.uow() as uow:
            try:
                user = accounts.sign_in(uow, request.form.get("email", ""),
                                        request.form.get("password", ""))
                problem = None
            except accounts.SignInRefused as refused:
                user, problem = None, "locked" if refused.locked else "bad_credentials"
            uow.commit()  # the failure count and the audit entry count either way
        if user is not None:
            lang = session.get("lang")
            session.clear()  # a fresh session: nothing from before sign-in carries over
            session.update(admin_id=user.id, pw=access.password_stamp(user), lang=lang or "th")
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
    status = 401 if problem else 200
    return render_template("admin/sign_in.html", problem=problem), status


@blueprint.post("/sign-out")
def sign_out():
    """End the session and audit it."""
    if g.get("admin") is not None:
        with access.runtime().db.uow() as uow:
            audit.record(uow, access.actor(), "sign_out")
            uow.commit()
    lang = session.get("lang")
    session.clear()
    session["lang"] = lang or "th"
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
