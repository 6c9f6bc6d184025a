"""The case list (filters, search, ticket lookup, paging, sorting) and the case page."""
from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from sqlalchemy import select

from bot import services
from bot.admin import intake, moderation
from bot.cases import looks_like_ticket_id
from bot.photos import send_stored
from bot.privacy import pseudonym
from bot.web.admin import access, casework, names, queries
from storage.models import Agency, Case, CaseAgency, LineUser, Photo

blueprint = Blueprint("admin_cases", __name__, url_prefix="/admin/cases")


@blueprint.get("/")
@access.requires("cases")
def index():
    """List cases matching the filters, or jump straight to a looked-up ticket."""
    ticket = (request.args.get("ticket") or "").strip().upper()
    flt = queries.CaseFilter.from_args(request.args)
    with access.runtime().db.uow() as uow:
        if ticket:
            if looks_like_ticket_id(ticket) and uow.session.scalar(
                    select(Case.id).where(Case.ticket_id == ticket)):
                return redirect(url_for(".show", ticket=ticket))
            return render_template("admin/cases.html", **_listing(uow, flt), missing=ticket), 404
        return render_template("admin/cases.html", **_listing(uow, flt), missing=None)


def _listing(uow, flt: queries.CaseFilter) -> dict:
    """What the list template shows for a filter."""
    rows, total = queries.page_of_cases(uow.session, flt)
    cap = queries.count_cap(flt)
    capped = total > cap
    pages = None if capped else max(1, -(-total // queries.PAGE_SIZE))
    more = len(rows) == queries.PAGE_SIZE if capped else flt.page < pages
    return dict(rows=rows, pages=pages, more=more, flt=flt,
                filter_agencies=names.agency_choices(queries.agency_options(uow.session), _lang()),
                total=f"{cap:,}+" if capped else f"{total:,}", sources=queries.SOURCES)


@blueprint.get("/<ticket>")
@access.requires("cases")
def show(ticket: str):
    """One case: timeline, photos before and after, position, reporter pseudonym, moderation."""
    runtime = access.runtime()
    with runtime.db.uow() as uow:
        try:
            case = services.find_case(uow, ticket)
        except services.CaseNotFound:
            abort(404)
        reporter = uow.session.get(LineUser, case.reporter_id) if case.reporter_id else None
        events = list(case.events)
        view = dict(
            case=case, events=events, reporter=reporter,
            reporter_name=pseudonym(runtime.settings.secret_key, case.reporter_id),
            actors=names.actors(uow, [e.actor for e in events], _lang(),
                                runtime.settings.secret_key),
            before=[p for p in case.photos if p.kind != "after"],
            after=[p for p in case.photos if p.kind == "after"],
            phone=intake.caller_phone(uow, case.id) if access.allowed("caller_phone") else None,
            redactions=moderation.redactions_of(uow, case.id) if access.allowed("private") else [],
            may_act=access.may_act_on(g.admin, case), actions=casework.offered(uow, case),
            agency=uow.session.get(Agency, case.agency_id) if case.agency_id else None,
            involved=_involved(uow, case),
            agencies=names.agency_choices(casework.agency_choices(uow), _lang()),
            phoned_in=case.source == "call_centre" and not access.allowed("act"),
            mismatch=_mismatch(events),
            photo_src=lambda p: url_for(".photo", ticket=case.ticket_id, photo_id=p.id))
        return render_template("admin/case.html", **view)


@blueprint.get("/<ticket>/photos/<int:photo_id>")
@access.requires("cases")
def photo(ticket: str, photo_id: int):
    """One photo of a case for staff, hidden or not (public links stop at hiding)."""
    runtime = access.runtime()
    with runtime.db.uow() as uow:
        found = uow.session.get(Photo, photo_id)
        if found is None or found.case is None or found.case.ticket_id != ticket.strip().upper():
            abort(404)
        response = send_stored(runtime, found)
    response.headers["Cache-Control"] = "private, no-cache"  # asked again each time: roles change
    return response


def case_summary(uow, ticket: str) -> dict:
    """What an operator reads back once a case is created: its place, agency and any
    disagreement between the typed address and the pin (404 for an unknown ticket)."""
    try:
        case = services.find_case(uow, ticket)
    except services.CaseNotFound:
        abort(404)
    return dict(case=case, agency=uow.session.get(Agency, case.agency_id) if case.agency_id else None,
                mismatch=_mismatch(case.events))


class _Mismatch:
    """Where the typed address and the map pin disagreed when the case was phoned in."""

    def __init__(self, stated: dict):
        self.address = tuple(stated.get("address") or (None, None))[:2]
        self.pin = tuple(stated.get("pin") or (None, None))[:2]


def _mismatch(events) -> _Mismatch | None:
    """The address/pin disagreement the call-centre form recorded on the case, if any."""
    stated = next((e.data or {} for e in events if e.action == "create"), {}).get("place_mismatch")
    return _Mismatch(stated) if isinstance(stated, dict) else None


def _involved(uow, case: Case) -> list[tuple[str, Agency]]:
    """Every agency that played a part in the case (routed, forwarded, invited), oldest first."""
    return list(uow.session.execute(select(CaseAgency.role, Agency).join(
        Agency, CaseAgency.agency_id == Agency.id).where(CaseAgency.case_id == case.id)
        .order_by(CaseAgency.id)).all())


def _lang() -> str:
    """The dashboard language (imported late: the package imports this module)."""
    from bot.web.admin import language

    return language()
