"""Use cases of citizens after a case exists: reopen, rate, add information, follow, nearby cases."""
from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import delete, select

from bot import cases as lifecycle
from bot import public_view
from bot.permissions import Actor
from bot.services.audit import refuse
from bot.services.casework import add_follower, case_for, record
from bot.services.reports import CaseNotFound, find_case, photos_by_id
from storage.db import UnitOfWork
from storage.models import Case, Follower, Handoff, utcnow

__all__ = ["AlreadyRated",
           "reopen", "reopen_as_staff", "rate", "add_information", "follow", "unfollow", "nearby_open_cases",
           "NEARBY_METRES", "NEARBY_STALE_DAYS", "Nearby", "case_for_citizen"]

NEARBY_METRES = 250
NEARBY_STALE_DAYS = 60  # an open case untouched this long is not offered: likely forgotten, not live


class Nearby(NamedTuple):
    """An open case near a new report, and how far from it."""

    case: Case
    metres: float


class AlreadyRated(ValueError):
    """The reporter already rated this finish of the case; `stars` is what they gave."""

    def __init__(self, stars: int):
        super().__init__(f"already rated {stars} stars")
        self.stars = stars


def _citizen(user_id: str) -> Actor:
    """A LINE user acting as a citizen."""
    return Actor("citizen", user_id)


def reopen(uow: UnitOfWork, ticket_id: str, user_id: str, reason: str) -> Case:
    """Put a closed case back in its agency's queue, within REOPEN_DAYS of closing."""
    actor = _citizen(user_id)
    case = case_for(uow, ticket_id, actor, "reopen")
    closed = case.state_times.get(case.state)
    if not lifecycle.may_reopen(datetime.fromisoformat(closed) if closed else None, utcnow()):
        raise refuse(uow, actor, "reopen", f"closed more than {lifecycle.REOPEN_DAYS} days ago",
                     case=case)
    return _reopen(uow, case, actor, reason)


def reopen_as_staff(uow: UnitOfWork, ticket_id: str, actor: Actor, reason: str) -> Case:
    """Reopen a closed case from the dashboard (an admin, or a supervisor of its agency); staff
    correcting a wrong closure are not held to the citizen's REOPEN_DAYS."""
    return _reopen(uow, case_for(uow, ticket_id, actor, "reopen"), actor, reason)


def _reopen(uow: UnitOfWork, case: Case, actor: Actor, reason: str) -> Case:
    """Count the reopening, open a new hand-off with the same agency and record the event."""
    case.reopen_count += 1
    case.state_times = {**case.state_times, "reopened": utcnow().isoformat()}
    uow.session.add(Handoff(case_id=case.id, agency_id=case.agency_id, reason="reopened",
                            assigned_at=utcnow()))
    record(uow, case, actor, "reopen", note=reason)
    return case


def rate(uow: UnitOfWork, ticket_id: str, user_id: str, stars: int) -> Case:
    """Record the reporter's 1-5 star rating of a finished case: one per finish (finishing again
    clears the stars), so the case's stars are always its latest finish's. Every rating is an
    event in the case's history."""
    if not 1 <= int(stars) <= 5:
        raise ValueError("stars must be between 1 and 5")
    case = case_for(uow, ticket_id, _citizen(user_id), "rate")
    if case.stars is not None:
        raise AlreadyRated(case.stars)
    case.stars = int(stars)
    record(uow, case, _citizen(user_id), "rate", data={"stars": int(stars)})
    return case


def add_information(uow: UnitOfWork, ticket_id: str, user_id: str, text: str = "",
                    photo_ids: list[int] = ()) -> Case:
    """Add the reporter's words or photos to their open case; the officers are told."""
    case = case_for(uow, ticket_id, _citizen(user_id), "add_information")
    photos = photos_by_id(uow, list(photo_ids), user_id)
    for photo in photos:
        photo.case_id = case.id
    record(uow, case, _citizen(user_id), "add_information", note=text.strip()[:2000] or None,
           photo_ids=[p.id for p in photos])
    return case


def follow(uow: UnitOfWork, ticket_id: str, user_id: str) -> Case:
    """Subscribe a citizen to a case's updates; a hidden case is not found, as when typed."""
    case, _viewer = case_for_citizen(uow, ticket_id, user_id)
    add_follower(uow, case, user_id)
    return case


def unfollow(uow: UnitOfWork, ticket_id: str, user_id: str) -> Case:
    """Stop a citizen's updates about a case they follow."""
    case = find_case(uow, ticket_id)
    uow.session.execute(delete(Follower).where(Follower.case_id == case.id,
                                               Follower.user_id == user_id))
    return case


def case_for_citizen(uow: UnitOfWork, ticket_id: str, user_id: str) -> tuple[Case, str]:
    """A case and what the citizen is to it: 'reporter', 'follower' or 'stranger'.

    Anyone may see a public case (the board shows it too); a hidden one only its reporter."""
    case = find_case(uow, ticket_id)
    if case.reporter_id == user_id:
        return case, "reporter"
    if case.hidden:
        raise CaseNotFound(ticket_id)
    following = uow.session.scalar(select(Follower.id).where(Follower.case_id == case.id,
                                                             Follower.user_id == user_id))
    return case, "follower" if following else "stranger"


def nearby_open_cases(uow: UnitOfWork, latitude: float, longitude: float, categories: list[str],
                      exclude_reporter: str | None = None, limit: int = 3) -> list[Nearby]:
    """Public open cases of the same category within NEARBY_METRES, touched in the last
    NEARBY_STALE_DAYS, nearest first, each with its distance."""
    box = NEARBY_METRES / 111_000  # degrees of latitude; a loose box, the distance check is exact
    widen = box / max(math.cos(math.radians(latitude)), 0.1)
    # Plain rows first and whole cases only for the few shown: on a flooded street two hundred
    # open cases can lie in the box, and loading each as an object was a tenth of a turn's CPU.
    rows = uow.session.execute(select(
        Case.id, Case.latitude, Case.longitude, Case.categories, Case.reporter_id).where(
        Case.state.in_(lifecycle.OPEN), public_view.VISIBLE,
        Case.updated_at >= utcnow() - timedelta(days=NEARBY_STALE_DAYS),
        Case.latitude.between(latitude - box, latitude + box),
        Case.longitude.between(longitude - widen, longitude + widen)).limit(200))
    wanted = set(categories)
    near = sorted((metres(latitude, longitude, row.latitude, row.longitude), row.id) for row in rows
                  if wanted & set(row.categories or ()) and (not exclude_reporter or
                                                             row.reporter_id != exclude_reporter))
    chosen = [(case_id, distance) for distance, case_id in near if distance <= NEARBY_METRES][:limit]
    ids = [case_id for case_id, _distance in chosen]
    cases = {case.id: case for case in uow.session.scalars(select(Case).where(Case.id.in_(ids)))} \
        if ids else {}
    return [Nearby(cases[case_id], distance) for case_id, distance in chosen if case_id in cases]


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6_371_000 * 2 * math.asin(math.sqrt(a))
