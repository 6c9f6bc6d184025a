"""The admin dashboard: sign-in, cases, call-centre intake, map, statistics and logs."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, g, render_template, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

from bot import cases as lifecycle
from bot.web.admin import access, i18n
from bot.web.admin.queries import BANGKOK

csrf = CSRFProtect()
# Endpoints whose forms carry photos, with how many photos' worth of bytes they may send.
UPLOADS = {"admin_intake.form": 6, "admin_casework.act": 2}


def init_app(app: Flask) -> None:
    """Register the dashboard's blueprints, session and CSRF settings, and template helpers."""
    from bot.web.admin import (auth, cases, casework, intake, logs, mapview, moderate, stats,
                               webhooks)
    from bot.web.admin import digest, service_levels  # insight for planners

    settings = app.extensions["chaeng"].settings
    app.secret_key = settings.secret_key
    app.config.update(
        SESSION_COOKIE_NAME="chaeng_admin", SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax", PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        # Secure wherever the app is served over https; the simulator runs on plain loopback http.
        SESSION_COOKIE_SECURE=settings.public_base_url.startswith("https://"),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the 8-hour session
        WTF_CSRF_CHECK_DEFAULT=False)  # LINE's webhook has no CSRF token: check dashboard forms only
    csrf.init_app(app)
    app.session_interface = _Sessions()
    for module in (auth, cases, casework, moderate, intake, logs, mapview, stats, webhooks,
                   service_levels, digest):
        app.register_blueprint(module.blueprint)
    app.before_request(_before_dashboard_request)
    app.context_processor(_template_helpers)
    app.add_template_filter(_bangkok, "bangkok")
    app.register_error_handler(403, _forbidden)


class _Sessions(SecureCookieSessionInterface):
    """The dashboard's signed-cookie session, not opened for LINE's webhook (it never has one)."""

    def open_session(self, app, request):
        if request.path == "/callback":
            return None  # Flask puts a null session in place: no serializer, no cookie to read
        return super().open_session(app, request)


def _before_dashboard_request() -> None:
    """On dashboard pages: refuse form posts without this session's CSRF token, load the user."""
    if not (request.blueprint or "").startswith("admin_"):
        return  # the webhook, photos and simulator have their own protections
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        # Forms with photos may be larger than the app's 1 MB webhook limit; this must be set
        # before the CSRF check reads the form.
        if request.endpoint in UPLOADS:
            request.max_content_length = UPLOADS[request.endpoint] * \
                access.runtime().settings.max_photo_bytes
        csrf.protect()
    access.load_user()


def language() -> str:
    """The signed-in person's chosen dashboard language, Thai by default."""
    lang = session.get("lang", "th")
    return lang if lang in i18n.LANGUAGES else "th"


def w(key: str, **values) -> str:
    """A dashboard word in the current language."""
    return i18n.word(key, language(), **values)


def _template_helpers() -> dict:
    """Names every dashboard template can use, each in the reader's language."""
    from bot.web.admin import names

    lang = language()
    return dict(w=w, lang=lang, admin=g.get("admin"), allowed=access.allowed,
                state_label=lambda s: lifecycle.state_label(s, lang),
                STATES=lifecycle.STATES, coded=lambda prefix, code: i18n.coded(prefix, code, lang),
                district_name=lambda d: names.district(d, lang),
                place_name=lambda d, s=None: names.place(d, s, lang),
                category_name=lambda label: names.category(label, lang),
                district_choices=lambda: names.district_choices(lang),
                category_choices=lambda: names.category_choices(lang),
                tile_url=current_app.extensions["chaeng"].settings.map_tile_url)


def _bangkok(moment) -> str:
    """A stored UTC time as Bangkok wall-clock time, which is what staff read."""
    return moment.astimezone(BANGKOK).strftime("%Y-%m-%d %H:%M") if moment else "–"


def _forbidden(_error):
    """A 403 page in the dashboard's look, or plain text outside it."""
    return render_template("admin/forbidden.html"), 403
