"""The statistics page (SVG charts) and each chart's numbers as CSV."""
from __future__ import annotations

import io

from flask import Blueprint, Response, abort, render_template, request

from bot import cases as lifecycle
from bot.spreadsheet import SafeWriter
from bot.web.admin import access, charts, figures, names, queries

blueprint = Blueprint("admin_stats", __name__, url_prefix="/admin/stats")


@blueprint.get("/")
@access.requires("stats")
def page():
    """Every chart and headline figure for the filtered cases, each with its sample size."""
    from bot.web.admin import language, w

    lang, flt = language(), queries.CaseFilter.from_args(request.args)
    with access.runtime().db.uow() as uow:
        session = uow.session
        state_names = {s: lifecycle.state_label(s, lang) for s in lifecycle.STATES}
        agencies = figures.by_agency(session, flt)
        categories = figures.by_category(session, flt)
        districts = figures.by_district(session, flt)
        view = dict(
            summary=figures.summary(session, flt), flt=flt,
            filter_agencies=names.agency_choices(queries.agency_options(session), lang),
            sources=queries.SOURCES,
            category_chart=_bars([(names.category(label, lang), n) for label, n in categories],
                                 "by_category"),
            district_chart=_bars([(names.district(d, lang), n) for d, n in districts],
                                 "by_district"),
            agency_rows=agencies, agency_chart=_bars(
                [(en if lang == "en" else th, n) if code != "-" else (w("no_agency"), n)
                 for code, th, en, n in agencies], "by_agency"),
            stars_chart=_bars(figures.by_stars(session, flt), "by_stars"),
            month_chart=charts.stacked_columns(figures.by_month_and_state(session, flt),
                                               title=w("by_month"), labels=state_names))
        return render_template("admin/stats.html", **view)


def _bars(rows: list[tuple[str, int]], title: str):
    """A bar chart titled by a dashboard word, saying how many rows it leaves out."""
    from bot.web.admin import w

    more = w("and_more", n=len(rows) - 15, total=f"{sum(n for _, n in rows[15:]):,}")
    return charts.bars(rows, title=w(title), more=more)


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
