"""The service-levels page: each agency's times to accept and finish, by category and month, as CSV."""
from __future__ import annotations

import io

from flask import Blueprint, Response, render_template, request

from bot import params, services
from bot.insight import service_levels
from bot.opendata.export import day_start
from bot.spreadsheet import SafeWriter
from bot.web.admin import access, i18n, names

AGENCIES_PER_PAGE = 6  # a phone shows six agencies with their categories in about 8,000 px

blueprint = Blueprint("admin_levels", __name__, url_prefix="/admin/service-levels")


class Choice:
    """The page's filters: an agency code and a date range (YYYY-MM-DD, Bangkok days)."""

    def __init__(self, args, codes: set[str]):
        agency = args.get("agency", "")
        self.agency = agency if agency in codes else ""
        self.since = params.day_text(args.get("since"), "since")
        self.until = params.day_text(args.get("until"), "until")

    def args(self) -> dict:
        """The filters as query arguments, for links that keep them."""
        return {k: v for k, v in vars(self).items() if v}


@blueprint.get("/")
@access.requires("stats")
def page():
    """Every agency's service level (or one agency's), a page of agencies at a time, each with
    its categories and (folded) its monthly trend."""
    from bot.web.admin import language

    lang = language()
    with access.runtime().db.uow() as uow:
        agencies, choice, found = _levels(uow)
    groups = _by_agency(found)
    pages = max(1, -(-len(groups) // AGENCIES_PER_PAGE))
    number = min(max(1, _int(request.args.get("page"))), pages)
    shown = [level for group in groups[(number - 1) * AGENCIES_PER_PAGE:][:AGENCIES_PER_PAGE]
             for level in group]
    choices = i18n.collated([(code, name) for _, code, name in agencies], lang, lambda a: a[1])
    return render_template("admin/service_levels.html", levels=shown, agencies=choices,
                           choice=choice, page=number, pages=pages,
                           category_name=lambda label: _category(label, lang),
                           ALL=service_levels.ALL)


def _by_agency(found: list) -> list[list]:
    """The levels grouped by agency, in the order found (busiest agency first)."""
    groups: dict[str, list] = {}
    for level in found:
        groups.setdefault(level.agency, []).append(level)
    return list(groups.values())


def _int(value: str | None) -> int:
    """A page number from the query string (1 when it is not one)."""
    try:
        return int(value or 1)
    except ValueError:
        return 1


@blueprint.get("/levels.csv")
@access.requires("stats")
def download():
    """The same figures as CSV (counts, times and shares only: nothing personal)."""
    with access.runtime().db.uow() as uow:
        _, _, found = _levels(uow)
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(service_levels.FIELDS)
    writer.writerows(level.row() for level in found)
    return Response(out.getvalue(), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="chaeng-service-levels.csv"'})


def _levels(uow):
    """The agencies, the filters read from the request, and the matching service levels."""
    from bot.web.admin import language

    agencies = [(a.id, a.code, a.name(language())) for a in services.agencies(uow)]
    choice = Choice(request.args, {code for _, code, _ in agencies})
    agency_id = next((id_ for id_, code, _ in agencies if code == choice.agency), None)
    found = service_levels.cached_levels(uow, agency_id=agency_id, since=day_start(choice.since),
                                  until=day_start(choice.until, next_day=True))
    return agencies, choice, found


def _category(label: str, lang: str) -> str:
    """A category's name for the table."""
    from bot.web.admin import w

    return w("all_categories") if label == service_levels.ALL else names.category(label, lang)
