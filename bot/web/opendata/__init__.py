"""Open data downloads: every public case as Traffy-layout CSV or GeoJSON, streamed."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context

from bot.opendata.export import csv_chunks, day_start, geojson_chunks, public_rows

blueprint = Blueprint("opendata", __name__, url_prefix="/open-data")
FORMATS = {"csv": (csv_chunks, "text/csv; charset=utf-8"),
           "geojson": (geojson_chunks, "application/geo+json; charset=utf-8")}


@blueprint.get("/cases.<any(csv, geojson):fmt>")
def cases(fmt: str):
    """Stream the public cases, optionally between ?since= and ?until= (YYYY-MM-DD, Bangkok)."""
    try:
        since = day_start(request.args.get("since"))
        until = day_start(request.args.get("until"), next_day=True)
    except ValueError as error:
        return jsonify(error=str(error)), 400
    chunks, mimetype = FORMATS[fmt]
    rows = public_rows(current_app.extensions["chaeng"].db, since, until)
    response = Response(stream_with_context(chunks(rows)), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="chaeng-cases.{fmt}"'
    return response
