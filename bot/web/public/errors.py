"""Pages that say something is not here, in the site's look and its reader's language, with the
way back to the board: a mistyped ticket or address (404), a case moderators took down (410)."""
from __future__ import annotations

from flask import render_template, request
from werkzeug.exceptions import HTTPException

from bot.web.public.context import helpers

# Addresses that answer machines or have their own refusals: they keep the plain status.
OWN_ANSWERS = ("/admin", "/open311", "/media/", "/my-data/", "/simulator", "/callback",
               "/board/points.json", "/open-data/", "/healthz", "/metrics")
DATA = (".json", ".geojson", ".csv", ".xml")


def register(blueprint) -> None:
    """Answer the site's 404s and 410s with its own pages."""
    blueprint.app_errorhandler(404)(not_here)
    blueprint.app_errorhandler(410)(not_here)


def not_here(error: HTTPException):
    """The page for a missing or withdrawn address; data and API addresses keep the plain answer."""
    path = request.path
    if path.startswith("/admin") and error.code == 404 and not path.endswith(DATA):
        from bot.web.admin import not_found_page  # the dashboard's own look and language

        return not_found_page(error)
    if request.blueprint not in (None, "public") or path.startswith(OWN_ANSWERS) \
            or path.endswith(DATA):
        return error
    # An address no blueprint owns gets no blueprint's context: the page asks for the board's.
    return render_template("public/not_here.html", gone=error.code == 410, **helpers()), error.code
