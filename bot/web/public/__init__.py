"""The public board at /: every public case on a map and in a list, case pages, district records."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request, send_from_directory

from bot import params, public_view
from bot.opendata import agency
from bot.opendata.catalog import SERVICES
from bot.opendata.records import districts, record
from bot.web.public import errors, present
from bot.web.public.board import MAP_POINTS, PAGE, Filters, map_points, page_of_cases
from bot.web.public.context import district_name, helpers, lang as _lang
from storage.models import Case

blueprint = Blueprint("public", __name__, template_folder="templates", static_folder="static",
                      static_url_path="/board/static")


def _runtime():
    """The app's runtime."""
    return current_app.extensions["chaeng"]


blueprint.context_processor(helpers)
errors.register(blueprint)


@blueprint.get("/")
def index():
    """The board: filters, the map and a page of cases."""
    filters = Filters.read(request.args)
    page = params.page(request.args.get("page"))
    with _runtime().db.uow() as uow:
        found, total = page_of_cases(uow, filters, page)
        rows = [present.case_view(c, _lang(), _runtime().settings) for c in found]
        places = districts(uow)
    services = [(s.code, s.name_en if _lang() == "en" else s.name_th) for s in SERVICES]
    return render_template("public/index.html", filters=filters, rows=rows, total=total, page=page,
                           pages=max(1, -(-total // PAGE)), services=services, districts=places,
                           map_limit=MAP_POINTS)


@blueprint.get("/board/points.json")
def points():
    """The matching located cases for the map, newest first."""
    with _runtime().db.uow() as uow:
        return jsonify(map_points(uow, Filters.read(request.args)))


@blueprint.get("/cases/<ticket_id>")
def case_page(ticket_id: str):
    """One case's public page."""
    with _runtime().db.uow() as uow:
        case = public_view.find(uow.session, ticket_id)
        if case is None:
            abort(410 if public_view.withdrawn(uow.session, ticket_id) else 404)
        view = present.case_view(case, _lang(), _runtime().settings)
    return render_template("public/case.html", case=view)


@blueprint.get("/favicon.ico")
def favicon():
    """The site's icon, for browsers that ask for it by its old name."""
    return send_from_directory(blueprint.static_folder, "favicon.ico", max_age=7 * 86400)


@blueprint.get("/districts")
def district_list():
    """Every district with its number of cases."""
    with _runtime().db.uow() as uow:
        places = districts(uow)
    return render_template("public/districts.html", districts=places)


@blueprint.get("/districts/<name>")
def district_page(name: str):
    """A district's record."""
    with _runtime().db.uow() as uow:
        figures = record(uow, Case.district == name)
        if not figures.received:
            abort(404)
        oldest = [present.case_view(c, _lang(), _runtime().settings) for c in figures.oldest_open]
    return render_template("public/record.html", title=district_name(name, _lang()), figures=figures,
                           oldest=oldest,
                           filter_args={"district": name})


@blueprint.get("/agencies/<code>")
def agency_page(code: str):
    """An agency's record, once agencies are known (see bot/opendata/agency.py)."""
    names, condition = agency.agency_names(code), agency.agency_filter(code)
    if names is None or condition is None:
        return render_template("public/no_agency.html", code=code), 404
    with _runtime().db.uow() as uow:
        figures = record(uow, condition)
        oldest = [present.case_view(c, _lang(), _runtime().settings) for c in figures.oldest_open]
    return render_template("public/record.html", title=names.get(_lang()) or names.get("th"),
                           figures=figures, oldest=oldest, filter_args={})


from bot.web.public import hotspot_pages  # noqa: E402  (hotspot pages, insight for planners)

hotspot_pages.register(blueprint)
