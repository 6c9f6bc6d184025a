"""A place's (or agency's) public record: cases received, share finished, days to finish, stars."""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case as when, func, select

from bot import cases as lifecycle
from bot import public_view
from bot.opendata.queries import OPEN_STATES
from storage.models import Case

OLDEST_SHOWN = 10


@dataclass
class Record:
    """The figures a journalist asks for, over the non-hidden cases matching a condition."""

    received: int = 0
    finished: int = 0
    reopened: int = 0
    rated: int = 0
    stars: float | None = None
    median_days: float | None = None
    timed: int = 0  # finished cases whose finishing time is known
    by_state: dict = field(default_factory=dict)
    oldest_open: list = field(default_factory=list)

    @property
    def finished_share(self) -> float | None:
        """Finished cases as a share of those received."""
        return self.finished / self.received if self.received else None

    @property
    def reopen_rate(self) -> float | None:
        """Cases reopened at least once, as a share of those received."""
        return self.reopened / self.received if self.received else None


def record(uow, condition) -> Record:
    """Compute the record of the cases matching `condition`."""
    visible = (public_view.VISIBLE, condition)
    row = uow.session.execute(select(
        func.count(), func.sum(when((Case.state == lifecycle.FINISHED, 1), else_=0)),
        func.sum(when((Case.reopen_count > 0, 1), else_=0)), func.count(Case.stars),
        func.avg(Case.stars)).where(*visible)).one()
    out = Record(received=row[0], finished=row[1] or 0, reopened=row[2] or 0, rated=row[3],
                 stars=float(row[4]) if row[4] is not None else None)
    out.by_state = dict(uow.session.execute(
        select(Case.state, func.count()).where(*visible).group_by(Case.state)).all())
    days = _days_to_finish(uow, visible)
    out.timed, out.median_days = len(days), statistics.median(days) if days else None
    out.oldest_open = list(uow.session.scalars(
        select(Case).where(*visible, Case.state.in_(OPEN_STATES))
        .order_by(Case.created_at, Case.id).limit(OLDEST_SHOWN)))
    return out


def _days_to_finish(uow, visible) -> list[float]:
    """Days from report to finish, for finished cases whose finishing time was recorded."""
    rows = uow.session.execute(select(Case.created_at, Case.state_times).where(
        *visible, Case.state == lifecycle.FINISHED).execution_options(yield_per=2000))
    out = []
    for created, times in rows:
        finished = (times or {}).get(lifecycle.FINISHED)
        if finished:
            out.append((datetime.fromisoformat(finished) - created).total_seconds() / 86400)
    return out


def districts(uow) -> list[tuple[str, int]]:
    """Every district with how many public cases it has, busiest first."""
    return list(uow.session.execute(
        select(Case.district, func.count()).where(public_view.VISIBLE, Case.district.is_not(None))
        .group_by(Case.district).order_by(func.count().desc(), Case.district)).all())
