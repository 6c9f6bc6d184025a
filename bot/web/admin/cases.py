"""The case list (filters, search, ticket lookup, paging, sorting) and the case page."""
from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from sqlalchemy import select

import nlp
from bot import services
from bot.admin import intake, moderation
from bot.cases import looks_like_ticket_id
from bot.photos import send_stored
from bot.privacy import pseudonym
from bot.web.admin import access, casework, queries
from nlp.gazetteer import DISTRICTS
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
    return dict(rows=rows, pages=pages, more=more, flt=flt, districts=sorted(DISTRICTS),
                filter_agencies=queries.agency_options(uow.session),
                total=f"{cap:,}+" if capped else f"{total:,}",
                labels=nlp.LABELS, sources=queries.SOURCES,
                label_name=lambda label: nlp.label_name(label, _lang()))


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
        view = dict(
            case=case, events=list(case.events), reporter=reporter,
            reporter_name=pseudonym(runtime.settings.secret_key, case.reporter_id),
            before=[p for p in case.photos if p.kind != "after"],
            after=[p for p in case.photos if p.kind == "after"],
            phone=intake.caller_phone(uow, case.id) if access.allowed("caller_phone") else None,
            redactions=moderation.redactions_of(uow, case.id) if access.allowed("private") else [],
            may_act=access.may_act_on(g.admin, case), actions=casework.offered(uow, case),
            agency=uow.session.get(Agency, case.agency_id) if case.agency_id else None,
            involved=_involved(uow, case), agencies=casework.agency_choices(uow),
            label_name=lambda label: nlp.label_name(label, _lang()), labels=nlp.LABELS,
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


def _involved(uow, case: Case) -> list[tuple[str, Agency]]:
    """Every agency that played a part in the case (routed, forwarded, invited), oldest first."""
    return list(uow.session.execute(select(CaseAgency.role, Agency).join(
        Agency, CaseAgency.agency_id == Agency.id).where(CaseAgency.case_id == case.id)
        .order_by(CaseAgency.id)).all())


def _lang() -> str:
    """The dashboard language (imported late: the package imports this module)."""
    from bot.web.admin import language

    return language()
