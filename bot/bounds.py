"""What a value from outside (a file, a form, a query string, an API) may be: moments of a city's
reports, places on Earth, page numbers. Pure: the caller says what "now" is."""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

# No city report system we import from is older; Python and the databases break far before
# year 1 or after 9999, so a value outside this window is an error, never a case.
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
FUTURE_SLACK = timedelta(days=1)  # another system's clock may run a little ahead of ours
FILTER_YEARS_AHEAD = 5  # a date filter may look this far ahead ("until the end of next year")
MAX_PAGE = 10_000  # 500,000 cases at 50 a page; deeper pages are for the search, not paging


def plausible_moment(moment: datetime, now: datetime) -> bool:
    """Whether a case can have happened at this (timezone-aware) moment: from 2000 on, not later
    than now (with a day's slack)."""
    return EARLIEST <= moment <= now + FUTURE_SLACK


def filter_days(today: date) -> tuple[date, date]:
    """The first and last day a date filter may name: 2000-01-01 to a few years from today."""
    return EARLIEST.date(), date(today.year + FILTER_YEARS_AHEAD, 12, 31)


def valid_position(latitude: float | None, longitude: float | None) -> bool:
    """Whether (latitude, longitude) is a place on Earth (finite, in range), or no place at all
    (both None)."""
    if latitude is None and longitude is None:
        return True
    if latitude is None or longitude is None:
        return False
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
