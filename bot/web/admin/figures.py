"""The numbers behind the statistics page, from cases alone, for any list filter."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, case as when, cast, func, select

from bot import cases as lifecycle
from bot.insight.service_levels import month_axis
from bot.web.admin.queries import CaseFilter, conditions
from storage.models import Agency, Case


@dataclass(frozen=True)
class Summary:
    """Headline figures for the filtered cases."""

    total: int
    finished_share: float
    reopen_rate: float
    mean_stars: float | None
    median_hours_to_finish: float | None
    p90_hours_to_finish: float | None
    finished: int = 0
    finish_times_known: int = 0  # the sample the hours to finish come from (imports rarely say)
    rated: int = 0


def by_category(session, flt: CaseFilter) -> list[tuple[str, int]]:
    """Cases per category label (a case with two labels counts for both), most first."""
    counts: dict[str, int] = {}
    # Grouping by the JSON text keeps this to one row per distinct label set, not per case.
    rows = session.execute(select(cast(Case.categories, String), func.count())
                           .where(*conditions(flt)).group_by(cast(Case.categories, String)))
    for text, n in rows:
        for label in json.loads(text or "[]") or ["-"]:
            counts[label] = counts.get(label, 0) + n
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def by_district(session, flt: CaseFilter) -> list[tuple[str, int]]:
    """Cases per district, most first."""
    rows = session.execute(select(Case.district, func.count()).where(*conditions(flt))
                           .group_by(Case.district))
    return sorted(((d or "-", n) for d, n in rows), key=lambda item: (-item[1], item[0]))


def by_agency(session, flt: CaseFilter) -> list[tuple[str, str, str, int]]:
    """Cases per responsible agency as (code, Thai name, English name, cases), most first."""
    rows = session.execute(select(Agency.code, Agency.name_th, Agency.name_en, func.count())
                           .select_from(Case).outerjoin(Agency, Case.agency_id == Agency.id)
                           .where(*conditions(flt))
                           .group_by(Agency.code, Agency.name_th, Agency.name_en))
    return sorted(((code or "-", th or "-", en or "-", n) for code, th, en, n in rows),
                  key=lambda row: (-row[3], row[0]))


def by_stars(session, flt: CaseFilter) -> list[tuple[str, int]]:
    """How many cases got each number of stars."""
    rows = dict(session.execute(select(Case.stars, func.count()).where(
        *conditions(flt), Case.stars.is_not(None)).group_by(Case.stars)).all())
    return [(str(stars), rows.get(stars, 0)) for stars in range(1, 6)]


def by_month_and_state(session, flt: CaseFilter) -> list[tuple[str, dict[str, int]]]:
    """For every month from the first to the last case created (empty months too, so a time
    axis drawn from it is continuous; see month_axis), how many of its cases are now in each
    state."""
    month = _month(session.get_bind().dialect.name)
    rows = session.execute(select(month, Case.state, func.count()).where(*conditions(flt))
                           .group_by(month, Case.state).order_by(month))
    table: dict[str, dict[str, int]] = {}
    for created, state, n in rows:
        table.setdefault(created, {s: 0 for s in lifecycle.STATES})[state] = n
    return [(month, table.get(month) or {s: 0 for s in lifecycle.STATES})
            for month in month_axis(table)]


def summary(session, flt: CaseFilter) -> Summary:
    """Totals, share finished, reopen rate, stars and hours to finish (median and 90th)."""
    where = conditions(flt)
    total, finished, reopened, stars, rated = session.execute(select(
        func.count(), func.sum(when((Case.state == lifecycle.FINISHED, 1), else_=0)),
        func.sum(when((Case.reopen_count > 0, 1), else_=0)), func.avg(Case.stars),
        func.count(Case.stars)).where(*where)).one()
    hours = sorted(_hours_to_finish(session, where))
    return Summary(total=total or 0, finished_share=(finished or 0) / total if total else 0.0,
                   reopen_rate=(reopened or 0) / total if total else 0.0,
                   mean_stars=float(stars) if stars is not None else None,
                   median_hours_to_finish=_quantile(hours, 0.5),
                   p90_hours_to_finish=_quantile(hours, 0.9), finished=finished or 0,
                   finish_times_known=len(hours), rated=rated or 0)


def _hours_to_finish(session, where) -> list[float]:
    """Hours from creation to (last) finish for each finished case, from cases.state_times."""
    hours = []
    for created, times in session.execute(select(Case.created_at, Case.state_times).where(
            *where, Case.state == lifecycle.FINISHED)):
        finished = (times or {}).get(lifecycle.FINISHED)
        took = (datetime.fromisoformat(finished) - created).total_seconds() if finished else -1
        if took >= 0:  # a finish before the report is a broken import, not a time
            hours.append(took / 3600)
    return hours


def _quantile(ordered: list[float], q: float) -> float | None:
    """The q-quantile of sorted numbers by linear interpolation, or None when there are none."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _month(dialect: str):
    """SQL for a case's creation month as YYYY-MM (in UTC)."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", Case.created_at), "YYYY-MM")
    return func.strftime("%Y-%m", Case.created_at)

