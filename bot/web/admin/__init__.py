"""The admin dashboard: sign-in, cases, call-centre intake, map, statistics and logs."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, current_app, g, render_template, request, session
from flask_wtf.csrf import CSRFProtect, generate_csrf

from bot import cases as lifecycle
from bot.web.admin import access, i18n
from bot.web.admin.queries import BANGKOK
from bot.web.admin.sessions import ServerSessions


class _TokenBeforeBody(CSRFProtect):
    """Flask-WTF's CSRF check, taking the token from the address or the X-CSRFToken header before
    the form, and never from a multipart body: finding it there means reading every photo first."""

    def _get_csrf_token(self):
        token = request.args.get("csrf_token") or request.headers.get("X-CSRFToken")
        if token or request.mimetype == "multipart/form-data":
            return token
        return super()._get_csrf_token()


csrf = _TokenBeforeBody()
# Endpoints whose forms carry photos, with how many photos' worth of bytes they may send.
UPLOADS = {"admin_intake.form": 6, "admin_casework.act": 2}
# The forms a visitor may send before signing in; any other is answered without being read.
OPEN_FORMS = ("admin_auth.sign_in", "admin_auth.switch_language")


def init_app(app: Flask) -> None:
    """Register the dashboard's blueprints, session and CSRF settings, and template helpers."""
    from bot.web.admin import (auth, cases, casework, intake, logs, mapview, moderate, stats,
                               webhooks)
    from bot.web.admin import digest, service_levels  # insight for planners
    from bot.web.admin import privacy  # citizens' PDPA requests

    settings = app.extensions["chaeng"].settings
    app.secret_key = settings.secret_key
    app.config.update(
        SESSION_COOKIE_NAME="chaeng_admin", SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Secure wherever the app is served over https; the simulator runs on plain loopback http.
        SESSION_COOKIE_SECURE=settings.public_base_url.startswith("https://"),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session (8 hours at most)
        WTF_CSRF_CHECK_DEFAULT=False)  # LINE's webhook has no CSRF token: check dashboard forms only
    csrf.init_app(app)
    app.session_interface = ServerSessions(app.extensions["chaeng"])
    for module in (auth, cases, casework, moderate, intake, logs, mapview, stats, webhooks,
                   service_levels, digest, privacy):
        app.register_blueprint(module.blueprint)
    app.before_request(_before_dashboard_request)
    app.context_processor(_template_helpers)
    app.add_template_filter(_bangkok, "bangkok")
    app.register_error_handler(403, _forbidden)


def _before_dashboard_request():
    """On dashboard pages: load the user from the session; answer a stranger's form, or one
    without this session's CSRF token, before reading its body (it may be megabytes of photos)."""
    if not (request.blueprint or "").startswith("admin_"):
        return None  # the webhook, photos and simulator have their own protections
    access.load_user()  # from the cookie and the sessions table alone
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if g.admin is None and request.endpoint not in OPEN_FORMS:
        return access.to_sign_in()
    if request.endpoint in UPLOADS:
        # Forms with photos may be larger than the app's 1 MB webhook limit.
        request.max_content_length = UPLOADS[request.endpoint] * \
            access.runtime().settings.max_photo_bytes
    csrf.protect()
    return None


def with_csrf(url: str) -> str:
    """A form's address carrying this session's CSRF token, for forms with photos: the token is
    checked from the address before the photos are read. (It is worth nothing without the
    session's cookie, and browsers send only the origin to other sites as Referer.)"""
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'csrf_token': generate_csrf()})}"


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
                with_csrf=with_csrf,
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


def not_found_page(error):
    """A 404 page in the dashboard's look and language (a mistyped ticket or address), with the
    way back to the case list."""
    return render_template("admin/not_found.html"), error.code
