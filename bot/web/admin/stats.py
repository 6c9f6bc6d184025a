"""The statistics page (SVG charts) and each chart's numbers as CSV."""
from __future__ import annotations

import io

from flask import Blueprint, Response, abort, render_template, request

import nlp
from bot import cases as lifecycle
from bot.spreadsheet import SafeWriter
from bot.web.admin import access, charts, figures, queries
from nlp.gazetteer import DISTRICTS

blueprint = Blueprint("admin_stats", __name__, url_prefix="/admin/stats")


@blueprint.get("/")
@access.requires("stats")
def page():
    """Every chart and headline figure for the filtered cases."""
    from bot.web.admin import language, w

    lang, flt = language(), queries.CaseFilter.from_args(request.args)
    with access.runtime().db.uow() as uow:
        session = uow.session
        labelled = [(nlp.label_name(label, lang) if label != "-" else "-", n)
                    for label, n in figures.by_category(session, flt)]
        state_names = {s: lifecycle.state_label(s, lang) for s in lifecycle.STATES}
        agencies = figures.by_agency(session, flt)
        view = dict(
            summary=figures.summary(session, flt), flt=flt, districts=sorted(DISTRICTS),
            filter_agencies=queries.agency_options(session),
            labels=nlp.LABELS, sources=queries.SOURCES,
            label_name=lambda label: nlp.label_name(label, lang),
            category_chart=charts.bars(labelled, title=w("by_category")),
            district_chart=charts.bars(figures.by_district(session, flt), title=w("by_district")),
            agency_rows=agencies, agency_chart=charts.bars(
                [(en if lang == "en" else th, n) for _code, th, en, n in agencies],
                title=w("by_agency")),
            stars_chart=charts.bars(figures.by_stars(session, flt), title=w("by_stars")),
            month_chart=charts.stacked_columns(figures.by_month_and_state(session, flt),
                                               title=w("by_month"), labels=state_names))
        return render_template("admin/stats.html", **view)


@blueprint.get("/<name>.csv")
@access.requires("stats")
def download(name: str):
    """One chart's numbers as CSV (counts only: nothing personal is ever in them)."""
    flt = queries.CaseFilter.from_args(request.args)
    with access.runtime().db.uow() as uow:
        header, rows = _table(name, uow.session, flt)
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(header)
    writer.writerows(rows)
    return Response(out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="chaeng-{name}.csv"'})


def _table(name: str, session, flt) -> tuple[list[str], list]:
    """The header and rows of one downloadable table."""
    if name == "categories":
        return ["category", "cases"], figures.by_category(session, flt)
    if name == "districts":
        return ["district", "cases"], figures.by_district(session, flt)
    if name == "agencies":
        return ["agency", "name_th", "name_en", "cases"], figures.by_agency(session, flt)
    if name == "stars":
        return ["stars", "cases"], figures.by_stars(session, flt)
    if name == "months":
        return (["month", *lifecycle.STATES],
                [[m, *(c[s] for s in lifecycle.STATES)] for m, c in
                 figures.by_month_and_state(session, flt)])
    if name == "summary":
        s = figures.summary(session, flt)
        return ["measure", "value"], [[k, v] for k, v in vars(s).items()]
    abort(404)
