"""Service levels per agency and category: how fast cases are taken and fixed, and how it trends.

Times come from each case's state times: to accept is report -> in progress, to finish is report
-> finished (the last time it reached that state). A case counts for the agency responsible for it
now, under its main (first) category. Read with plain SELECTs and summed in Python, so the figures
are the same on SQLite and PostgreSQL."""
from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot import bounds
from bot import cases as lifecycle
from bot.insight.cache import remembered
from storage.models import Agency, Case, utcnow

CACHE_SECONDS = 120
ALL = "*"  # the category of an agency's row over all its categories
STUCK_DAYS = 7
BANGKOK = timezone(timedelta(hours=7))
FIELDS = ("agency", "category", "received", "accept_median_hours", "accept_p90_hours",
          "finish_median_days", "finish_p90_days", "finished_within_2_days",
          "finished_within_7_days", "reopen_rate", "stars", "rated", "stuck_over_7_days",
          "accept_times_known", "finish_times_known", "finish_times_unknown")


@dataclass
class Month:
    """One month of an agency's (or category's) cases, by the month they were reported."""

    month: str
    received: int = 0
    finished: int = 0
    finish_days: list = field(default_factory=list, repr=False)

    @property
    def median_finish_days(self) -> float | None:
        """The median days to finish of this month's finished cases."""
        return statistics.median(self.finish_days) if self.finish_days else None


@dataclass
class Level:
    """The service level of one agency for one category (or ALL)."""

    agency: str
    category: str
    agency_names: dict = field(default_factory=dict)
    received: int = 0
    accept_hours: list = field(default_factory=list, repr=False)
    finish_days: list = field(default_factory=list, repr=False)
    within_2: int = 0
    within_7: int = 0
    reopened: int = 0
    finish_unknown: int = 0  # finished cases that do not say when (most imported history)
    stars_total: int = 0
    rated: int = 0
    stuck: int = 0
    months: dict = field(default_factory=dict)

    def name(self, lang: str) -> str:
        """The agency's name in the reader's language."""
        return self.agency_names.get(lang) or self.agency_names.get("th") or self.agency

    @property
    def accept_median(self) -> float | None:
        """Median hours from report to being taken into work."""
        return statistics.median(self.accept_hours) if self.accept_hours else None

    @property
    def accept_p90(self) -> float | None:
        """90th-percentile hours to accept."""
        return percentile(self.accept_hours, 90)

    @property
    def finish_median(self) -> float | None:
        """Median days from report to finished."""
        return statistics.median(self.finish_days) if self.finish_days else None

    @property
    def finish_p90(self) -> float | None:
        """90th-percentile days to finish."""
        return percentile(self.finish_days, 90)

    @property
    def share_within_2(self) -> float | None:
        """Cases finished within 2 days, as a share of the cases whose outcome is known."""
        return self._share(self.within_2)

    @property
    def share_within_7(self) -> float | None:
        """Cases finished within 7 days, as a share of the cases whose outcome is known."""
        return self._share(self.within_7)

    def _share(self, within: int) -> float | None:
        """A share of the cases received, leaving out finished cases of unknown time; unknown
        (None, never 0) when no finished case says when it finished."""
        known = self.received - self.finish_unknown
        if known <= 0 or (self.finish_unknown and not self.finish_days):
            return None
        return within / known

    @property
    def reopen_rate(self) -> float | None:
        """Cases reopened at least once, as a share of cases received."""
        return self.reopened / self.received if self.received else None

    @property
    def stars(self) -> float | None:
        """The average rating of the rated cases."""
        return self.stars_total / self.rated if self.rated else None

    def trend(self) -> list[Month]:
        """Every month from the first to the last reported, oldest first (empty ones too)."""
        if not self.months:
            return []
        return [self.months.get(key) or Month(key) for key in month_axis(self.months)]

    def row(self) -> list:
        """The figures in FIELDS order, rounded for a CSV file."""
        return [self.agency, self.category, self.received, _round(self.accept_median),
                _round(self.accept_p90), _round(self.finish_median), _round(self.finish_p90),
                _round(self.share_within_2, 3), _round(self.share_within_7, 3),
                _round(self.reopen_rate, 3), _round(self.stars, 2), self.rated, self.stuck,
                len(self.accept_hours), len(self.finish_days), self.finish_unknown]

    def add(self, created: datetime, state: str, accepted: datetime | None,
            finished: datetime | None, stars, reopens: int, now: datetime,
            key: str | None = None) -> None:
        """Count one case, given when it was last accepted and finished (if ever); `key` is the
        Bangkok month it was reported in, when the caller already knows it."""
        self.received += 1
        key = key or _month(created)
        month = self.months.get(key) or self.months.setdefault(key, Month(key))
        month.received += 1
        if accepted is not None and accepted >= created:
            self.accept_hours.append((accepted - created).total_seconds() / 3600)
        if state == lifecycle.FINISHED and (finished is None or finished < created):
            self.finish_unknown += 1
        elif state == lifecycle.FINISHED:
            days = (finished - created).total_seconds() / 86400
            self.finish_days.append(days)
            self.within_2 += days <= 2
            self.within_7 += days <= 7
            month.finished += 1
            month.finish_days.append(days)
        self.reopened += (reopens or 0) > 0
        if stars:
            self.stars_total, self.rated = self.stars_total + stars, self.rated + 1
        if state in lifecycle.OPEN and now - created > timedelta(days=STUCK_DAYS):
            self.stuck += 1


def percentile(values: list[float], p: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least p% of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def levels(uow, *, agency_id: int | None = None, since: datetime | None = None,
           until: datetime | None = None, now: datetime | None = None) -> list[Level]:
    """Every agency's service level, all categories first then each category, busiest first."""
    now = now or utcnow()
    names = {a.id: (a.code, {"th": a.name_th, "en": a.name_en})
             for a in uow.session.scalars(select(Agency))}
    # Only the first category and two state times are needed: extracting them in SQL spares
    # decoding every case's JSON in Python, which was most of the time on a city's history.
    query = select(Case.agency_id, Case.categories[0].as_string().label("category"),
                   Case.created_at, Case.state,
                   Case.state_times[lifecycle.IN_PROGRESS].as_string().label("accepted"),
                   Case.state_times[lifecycle.FINISHED].as_string().label("finished"),
                   Case.stars, Case.reopen_count).where(Case.hidden.is_(False),
                                                        Case.agency_id.is_not(None))
    if agency_id is not None:
        query = query.where(Case.agency_id == agency_id)
    if since is not None:
        query = query.where(Case.created_at >= since)
    if until is not None:
        query = query.where(Case.created_at < until)
    table: dict[tuple[int, str], Level] = {}
    for row in uow.session.execute(query.execution_options(yield_per=5000)):
        code, agency_names = names[row.agency_id]
        accepted, finished = _parse(row.accepted), _parse(row.finished)
        month = _month(row.created_at)
        for key in ((row.agency_id, ALL), (row.agency_id, row.category or "-")):
            level = table.get(key) or table.setdefault(key, Level(code, key[1], agency_names))
            level.add(row.created_at, row.state, accepted, finished, row.stars,
                      row.reopen_count, now, month)
    return _ordered(table.values())


def cached_levels(uow, *, agency_id: int | None = None, since: datetime | None = None,
                  until: datetime | None = None) -> list[Level]:
    """levels() as of at most CACHE_SECONDS ago: a city's whole history takes seconds to sum."""
    return remembered(uow.session, ("levels", agency_id, since, until),
                      lambda: levels(uow, agency_id=agency_id, since=since, until=until),
                      CACHE_SECONDS)


def of_agency(uow, agency_id: int, since: datetime, now: datetime | None = None
              ) -> tuple[Level | None, list[Level]]:
    """One agency's level over all categories since a moment, and each category's, busiest first."""
    found = levels(uow, agency_id=agency_id, since=since, now=now)
    total = next((level for level in found if level.category == ALL), None)
    return total, [level for level in found if level.category != ALL]


def _ordered(found) -> list[Level]:
    """Agencies by cases received, each agency's ALL row first, then its categories by size."""
    by_agency: dict[str, list[Level]] = defaultdict(list)
    for level in found:
        by_agency[level.agency].append(level)
    out = []
    for group in sorted(by_agency.values(), key=lambda g: (-max(l.received for l in g), g[0].agency)):
        out += sorted(group, key=lambda l: (l.category != ALL, -l.received, l.category))
    return out


def month_axis(keys) -> list[str]:
    """A time axis for YYYY-MM keys: every month from the first to the last plausible one (2000
    to this month), empty ones too, so it is continuous; a key outside that window (a date typed
    wrong in an imported file) stands alone at its end, still shown, never stretching the axis
    over centuries of empty months."""
    low, high = bounds.EARLIEST.strftime("%Y-%m"), _month(utcnow())
    keys = set(keys)
    inside = [key for key in keys if low <= key <= high]
    return (sorted(key for key in keys if key < low)
            + every_month(min(inside, default=None), max(inside, default=None))
            + sorted(key for key in keys if key > high))


def every_month(first: str | None, last: str | None) -> list[str]:
    """Every YYYY-MM month from first to last, both included ([] without them), so a time axis
    drawn from it is continuous."""
    if not first or not last:
        return []
    year, month, out = int(first[:4]), int(first[5:7]), []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _parse(value: str | None) -> datetime | None:
    """A stored ISO time, or None."""
    return datetime.fromisoformat(value) if value else None


def _month(moment: datetime) -> str:
    """The Bangkok month a moment falls in, as YYYY-MM."""
    return moment.astimezone(BANGKOK).strftime("%Y-%m")


def _round(value: float | None, digits: int = 1):
    """A figure rounded for reading, or '' when unknown."""
    return "" if value is None else round(value, digits)


__all__ = ["ALL", "FIELDS", "Level", "Month", "every_month", "month_axis", "levels", "cached_levels",
           "of_agency", "percentile"]
