"""Read what the insight modules need from the cases table."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot import cases as lifecycle
from bot import public_view
from bot.insight.expected import Finished
from bot.insight.hotspots import Point
from bot.opendata.queries import has_category
from storage.db import UnitOfWork
from storage.models import Case


def hotspot_points(uow: UnitOfWork, category: str, since: datetime | None = None) -> list[Point]:
    """Every located, visible case of the category (reported since `since`) as a Point."""
    # The category is checked in SQL, so only its cases cross the wire and get decoded.
    query = select(Case.ticket_id, Case.latitude, Case.longitude, Case.created_at, Case.state,
                   Case.state_times, Case.categories, Case.subdistrict, Case.district).where(
        Case.latitude.is_not(None), Case.longitude.is_not(None), public_view.VISIBLE,
        has_category(category, uow.is_postgres))
    if since is not None:
        query = query.where(Case.created_at >= since)
    points = []
    for row in uow.session.execute(query.execution_options(yield_per=5000)):
        if category in (row.categories or []):
            points.append(Point(row.ticket_id, row.latitude, row.longitude, row.created_at,
                                finished_at(row.state, row.state_times),
                                place_of(row.subdistrict, row.district),
                                finished=row.state == lifecycle.FINISHED))
    return points


def finished_history(uow: UnitOfWork, since: datetime | None = None) -> list[Finished]:
    """Every finished case with its kind, for expected times and their accuracy."""
    query = select(Case.categories, Case.agency_id, Case.created_at, Case.state_times).where(
        Case.state == lifecycle.FINISHED)
    if since is not None:
        query = query.where(Case.created_at >= since)
    history = []
    for row in uow.session.execute(query.execution_options(yield_per=5000)):
        finished = finished_at(lifecycle.FINISHED, row.state_times)
        if finished is not None and finished >= row.created_at and row.categories:
            history.append(Finished(kind_of(row.categories, row.agency_id), row.created_at,
                                    finished))
    return history


def kind_of(categories: list[str], agency_id: int | None) -> tuple:
    """Which cases count as 'like this one': the same main category and responsible agency."""
    return (categories[0], agency_id)


def finished_at(state: str, state_times: dict | None) -> datetime | None:
    """When a finished case was finished, from its state times."""
    if state != lifecycle.FINISHED or not state_times or not state_times.get(lifecycle.FINISHED):
        return None
    return datetime.fromisoformat(state_times[lifecycle.FINISHED])


def place_of(subdistrict: str | None, district: str | None) -> str | None:
    """A short place name."""
    return " ".join(part for part in (subdistrict, district) if part) or None
