"""A district's weekly digest as a one-page summary for its office."""
from __future__ import annotations

from flask import Blueprint, g, render_template, request
from sqlalchemy import select

from bot.insight import digest as digests
from bot.web.admin import access
from storage.models import Agency

blueprint = Blueprint("admin_digest", __name__, url_prefix="/admin/digest")


@blueprint.get("/")
@access.requires("stats")
def page():
    """The digest of the chosen district (Thai or English name); without one, the district of
    the supervisor's own office, else the chooser with nothing selected."""
    asked, found, unknown = request.args.get("district", "").strip(), None, False
    with access.runtime().db.uow() as uow:
        wanted = asked or _own_district(uow)
        if wanted:
            try:
                found = digests.build(uow, digests.district_named(wanted))
            except digests.UnknownDistrict:
                unknown = True
    return render_template("admin/digest.html", digest=found, asked=asked,
                           unknown=unknown), 404 if unknown else 200


def _own_district(uow) -> str | None:
    """The district of the office a supervisor acts for (the first, when several), if any."""
    agencies = access.agencies_of(g.admin)
    if not agencies:
        return None
    return uow.session.scalar(select(Agency.district).where(
        Agency.id.in_(agencies), Agency.district.is_not(None)).order_by(Agency.id).limit(1))
