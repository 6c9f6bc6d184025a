"""The map of cases: coloured by state, clustered, filtered like the list."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for

import nlp
from bot.insight import maps
from bot.web.admin import access, names, queries

blueprint = Blueprint("admin_map", __name__, url_prefix="/admin/map")
HOTSPOTS_SHOWN = 200


@blueprint.get("/")
@access.requires("map")
def page():
    """The map page; markers come from points() with the same filters."""
    flt = queries.CaseFilter.from_args(request.args)
    with access.runtime().db.uow() as uow:
        return render_template("admin/map.html", flt=flt, sources=queries.SOURCES,
                               filter_agencies=names.agency_choices(
                                   queries.agency_options(uow.session), _lang()))


@blueprint.get("/points.json")
@access.requires("map")
def points():
    """Matching cases with coordinates, each with a link to its page (JSON)."""
    flt = queries.CaseFilter.from_args(request.args)
    with access.runtime().db.uow() as uow:
        found = queries.map_points(uow.session, flt)
    for point in found:
        point["url"] = url_for("admin_cases.show", ticket=point["ticket"])
    return jsonify(points=found)


@blueprint.get("/hotspots.json")
@access.requires("map")
def hotspot_layer():
    """The chosen category's hotspots, as circles for the map's hotspot layer (JSON)."""
    category = request.args.get("category", "")
    if category not in nlp.LABELS:
        return jsonify(hotspots=[])
    with access.runtime().db.uow() as uow:
        found = maps.category_hotspots(uow, category)[:HOTSPOTS_SHOWN]
    return jsonify(hotspots=[{**maps.as_json(spot), "urls": [
        url_for("admin_cases.show", ticket=t) for t in spot.tickets[-5:]]} for spot in found])


def _lang() -> str:
    """The dashboard language."""
    from bot.web.admin import language

    return language()
