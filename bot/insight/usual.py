"""The usual time to fix cases like a new one, for its receipt and Open311's expected_datetime.

Asked on every new case, so the figure is cached per kind (category, agency) for CACHE_SECONDS in
each process: history moves slowly, and creating a case must stay one cheap query at most."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import cases as lifecycle
from bot.insight.expected import WINDOW, Expectation, expect
from bot.insight.cache import remembered
from bot.insight.queries import kind_of
from storage.models import Case, utcnow

CACHE_SECONDS = 600


def for_case(session: Session, case: Case) -> Expectation | None:
    """What to tell about a case: the usual time of its kind, or None without enough history."""
    return for_kind(session, case.categories or [], case.agency_id)


def for_kind(session: Session, categories: list[str], agency_id: int | None,
             now: datetime | None = None) -> Expectation | None:
    """The usual time for cases of this category and agency finished in the last 90 days."""
    if not categories:
        return None
    kind = kind_of(categories, agency_id)
    if now is not None:  # a moment in the past: computed afresh, never cached
        return expect(_recent_days(session, kind, now))
    return remembered(session, ("usual", *kind),
                      lambda: expect(_recent_days(session, kind, utcnow())), CACHE_SECONDS)


def expected_datetime(session: Session, case: Case) -> datetime | None:
    """When an open case is likely done: its report time plus the usual median time."""
    if case.state not in lifecycle.OPEN:
        return None
    found = for_case(session, case)
    return case.created_at + timedelta(days=found.median_days) if found else None


def _recent_days(session: Session, kind: tuple, now: datetime) -> list[float]:
    """Days to fix of the cases of one kind finished in the 90 days before `now`."""
    category, agency_id = kind
    agency = Case.agency_id.is_(None) if agency_id is None else Case.agency_id == agency_id
    # A case finished in the window was last updated in it too: this narrows the scan in SQL. The
    # first category and the finishing time are read in SQL too: decoding every finished case's
    # JSON in Python took seconds per kind at a million cases.
    rows = session.execute(select(Case.created_at, Case.state_times[lifecycle.FINISHED].as_string())
                           .where(agency, Case.state == lifecycle.FINISHED,
                                  Case.updated_at >= now - WINDOW,
                                  Case.categories[0].as_string() == category))
    days = []
    for created, finished in rows:
        if not finished:
            continue
        finished_at = datetime.fromisoformat(finished)
        if now - WINDOW <= finished_at < now and finished_at >= created:
            days.append((finished_at - created).total_seconds() / 86400)
    return days
