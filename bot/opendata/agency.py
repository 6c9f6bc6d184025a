"""The one place that says which agency is responsible for a case, for pages, exports and APIs."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import object_session

from storage.models import Agency, Case


def _agency_of(case: Case) -> Agency | None:
    """The case's responsible agency, read through the case's own session."""
    session = object_session(case)
    if case.agency_id is None or session is None:
        return None
    return session.get(Agency, case.agency_id)


def responsible_agency_name(case: Case, lang: str = "th") -> str | None:
    """The name of the agency handling the case, in lang, or None when unknown."""
    found = _agency_of(case)
    return found.name(lang) if found else None


def responsible_agency_code(case: Case) -> str | None:
    """The code of the agency handling the case, or None when unknown."""
    found = _agency_of(case)
    return found.code if found else None


def names_by_id(session, ids, lang: str = "th") -> dict[int, str]:
    """The names of the agencies with these ids, in lang, in one query (for a list of cases)."""
    wanted = [i for i in ids if i is not None]
    agencies = session.scalars(select(Agency).where(Agency.id.in_(wanted))) if wanted else []
    return {found.id: found.name(lang) for found in agencies}


def expected_datetime(session, case) -> datetime | None:
    """When an open case (a Case or a row with its columns) is likely done, from the usual time of
    cases like it; None if unknown."""
    from bot.insight import usual  # insight reads cases; imported late to keep this seam light

    return usual.expected_datetime(session, case)


def agency_names(code: str) -> dict | None:
    """An agency's {"th": ..., "en": ...} names by code, or None when no such agency is known."""
    with current_app.extensions["chaeng"].db.uow() as uow:
        found = uow.session.scalar(select(Agency).where(Agency.code == code))
        return {"th": found.name_th, "en": found.name_en} if found else None


def agency_filter(code: str):
    """A SQL condition selecting the cases an agency is responsible for."""
    return Case.agency_id == select(Agency.id).where(Agency.code == code).scalar_subquery()
