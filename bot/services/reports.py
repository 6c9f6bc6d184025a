"""Use cases of a citizen report: inbox, users, outgoing messages, photos, new cases, lookups."""
from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from bot import bounds
from bot import cases as lifecycle
from bot import notify
from bot.services.routing import route
from storage import bulk
from storage.db import CoreUnit, UnitOfWork
from storage.media import StoredImage
from storage.models import (Case, CaseAgency, CaseEvent, Handoff, InboxEvent, LineUser,
                            OutboxMessage, Photo, utcnow)

log = logging.getLogger(__name__)

__all__ = ["CaseNotFound", "InvalidLocation",
           "record_events", "ensure_user", "set_following", "send", "add_photo",
           "submit_report", "import_cases", "find_case", "cases_of", "reply_window", "photos_by_id"]


class CaseNotFound(LookupError):
    """No case has that ticket id (or the asker may not see it)."""


class InvalidLocation(ValueError):
    """Coordinates that are no place on Earth (NaN, infinite, out of range) or half a place."""

    def __init__(self):
        super().__init__("latitude must be from -90 to 90 and longitude from -180 to 180, "
                         "both given or neither")


def _check_position(latitude: float | None, longitude: float | None) -> None:
    """Refuse coordinates no map can show (NaN made the public map's JSON invalid)."""
    if not bounds.valid_position(latitude, longitude):
        raise InvalidLocation()


def record_events(uow: UnitOfWork | CoreUnit, events: list, received_at: datetime) -> int:
    """Store checked webhook events (bot.line.inbound.Inbound) once each; return how many were new.

    One statement that is safe to repeat, so the webhook runs it with Database.write_once."""
    rows = {}
    for event in events:  # LINE ids are unique, but a body may repeat one: the first copy counts
        rows.setdefault(event.webhook_event_id, dict(
            webhook_event_id=event.webhook_event_id, user_id=event.user_id,
            event_type=event.event_type, event_time=_event_time(event.body, received_at),
            received_at=received_at, body=event.body, status=_first_status(event), claim=None,
            attempts=0, next_attempt_at=received_at, processed_at=None, error=event.problem))
    # One INSERT ... ON CONFLICT DO NOTHING: no read first, no savepoint, no ORM objects. (The
    # caller tells waiting workers after the commit: storage.wakeup.Announcer.)
    return bulk.insert_new(uow, InboxEvent.__table__, list(rows.values()), "webhook_event_id")


def _first_status(event) -> str:
    """Rejected when the event failed its checks, ignored in standby, else waiting for the worker."""
    if event.problem:
        return "rejected"
    return "ignored" if event.body.get("mode") == "standby" else "pending"


def ensure_user(uow: UnitOfWork, user_id: str, language: str | None = None) -> LineUser:
    """Find or create a LINE user, remembering the language they last wrote in."""
    user = uow.session.get(LineUser, user_id)
    if user is None:
        user = LineUser(id=user_id, language=language or "th")
        uow.session.add(user)
        uow.session.flush()
    elif language and user.language != language:
        user.language = language
    return user


def set_following(uow: UnitOfWork, user_id: str, following: bool) -> None:
    """Record a follow or unfollow; unfollowed users get no pushes."""
    ensure_user(uow, user_id).following = following


def send(uow: UnitOfWork, user_id: str, outgoing: list[dict], *, reply_token: str | None = None,
         reply_until: datetime | None = None, purpose: str = "chat",
         case_id: int | None = None) -> list[OutboxMessage]:
    """Queue messages for a user in this transaction (five per LINE request)."""
    rows = []
    for start in range(0, len(outgoing), 5):
        row = OutboxMessage(user_id=user_id, messages=outgoing[start:start + 5],
                            reply_token=reply_token if start == 0 else None,
                            reply_until=reply_until if start == 0 else None,
                            retry_key=str(uuid.uuid4()), purpose=purpose, case_id=case_id)
        uow.session.add(row)
        rows.append(row)
    return rows


def add_photo(uow: UnitOfWork, owner_id: str | None, image: StoredImage, *,
              line_message_id: str | None = None, kind: str = "report") -> Photo:
    """Remember a stored photo, not yet attached to a case."""
    photo = Photo(owner_id=owner_id, kind=kind, path=image.path, sha256=image.sha256,
                  content_type=image.content_type, width=image.width, height=image.height,
                  size=image.size, line_message_id=line_message_id)
    uow.session.add(photo)
    uow.session.flush()
    return photo


def submit_report(uow: UnitOfWork, reporter_id: str | None, *, description: str,
                  categories: list[str], latitude: float | None, longitude: float | None,
                  address: str | None, district: str | None, subdistrict: str | None,
                  photo_ids: list[int], language: str = "th", actor: str | None = None,
                  source: str = "line", data: dict | None = None,
                  place_words: str | None = None) -> Case:
    """Create a case in the waiting state, routed to its agency, with photos and first history entry.

    Raises InvalidLocation for coordinates that are no place on Earth, whatever the channel."""
    _check_position(latitude, longitude)
    now = utcnow()
    agency = route(uow, categories, district)
    case = Case(agency_id=agency.id, ticket_id=_unused_ticket_id(uow, now), reporter_id=reporter_id,
                categories=list(categories), description=description.strip(),
                latitude=latitude, longitude=longitude, address=address, district=district,
                subdistrict=subdistrict, place_words=place_words, state=lifecycle.WAITING, source=source,
                state_times={lifecycle.WAITING: now.isoformat()}, language=language,
                created_at=now, updated_at=now)
    uow.session.add(case)
    uow.session.flush()
    for photo in photos_by_id(uow, photo_ids, reporter_id):
        photo.case_id = case.id
    event = CaseEvent(case_id=case.id, action="create", from_state=None, to_state=lifecycle.WAITING,
                      actor=actor or "citizen", data={**(data or {}), "categories": list(categories),
                                                      "agency": agency.code}, created_at=now)
    uow.session.add_all([event, CaseAgency(case_id=case.id, agency_id=agency.id, role="responsible",
                                           added_at=now),
                         Handoff(case_id=case.id, agency_id=agency.id, reason="routed",
                                 assigned_at=now)])
    uow.session.flush()
    uow.session.refresh(case)
    notify.case_event(uow, case, event)
    log.info("case %s created in %s for %s", case.ticket_id, district or "unknown district",
             agency.code)
    return case


def import_cases(uow: UnitOfWork, rows: list[dict]) -> int:
    """Insert already-validated historical cases (source 'import'), skipping known ticket ids.

    Each row holds Case column values. Existing tickets are left untouched, so re-running an
    import changes nothing; return how many rows were new.
    """
    for row in rows:
        _check_position(row.get("latitude"), row.get("longitude"))
    fresh = [{**_IMPORT_DEFAULTS, **row, "source": "import"} for row in rows]
    return bulk.insert_ignoring_duplicates(uow, Case.__table__, fresh, "ticket_id")


_IMPORT_DEFAULTS = {"reporter_id": None, "address": None, "district": None, "subdistrict": None,
                    "latitude": None, "longitude": None, "stars": None, "reopen_count": 0,
                    "language": "th", "hidden": False}


def find_case(uow: UnitOfWork, ticket_id: str, *, reporter_id: str | None = None,
              lock: bool = False) -> Case:
    """Find a case by ticket id; with reporter_id, only that reporter's case."""
    query = select(Case).where(Case.ticket_id == ticket_id.strip().upper())
    if reporter_id is not None:
        query = query.where(Case.reporter_id == reporter_id)
    if lock:
        query = query.with_for_update()
    case = uow.session.scalar(query)
    if case is None:
        raise CaseNotFound(ticket_id)
    return case


def cases_of(uow: UnitOfWork, reporter_id: str, *, offset: int = 0,
             limit: int = 12) -> tuple[list[Case], int]:
    """A page of a reporter's cases, newest first, and how many they have in all."""
    total = uow.session.scalar(select(func.count()).select_from(Case)
                               .where(Case.reporter_id == reporter_id))
    page = uow.session.scalars(select(Case).where(Case.reporter_id == reporter_id)
                               .order_by(Case.created_at.desc(), Case.id.desc())
                               .offset(offset).limit(limit)).all()
    return list(page), total or 0


def _unused_ticket_id(uow: UnitOfWork, now: datetime) -> str:
    """Draw ticket ids until one is free (a clash is one in a billion, but possible)."""
    while True:
        ticket_id = lifecycle.new_ticket_id(now)
        if not uow.session.scalar(select(Case.id).where(Case.ticket_id == ticket_id)):
            return ticket_id


def photos_by_id(uow: UnitOfWork, photo_ids: list[int], owner_id: str | None) -> list[Photo]:
    """Photos by id, only the owner's when an owner is given."""
    if not photo_ids:
        return []
    query = select(Photo).where(Photo.id.in_(photo_ids)).order_by(Photo.id)
    if owner_id is not None:
        query = query.where(Photo.owner_id == owner_id)
    return list(uow.session.scalars(query))


def _event_time(raw: dict, fallback: datetime) -> datetime:
    """When the event happened (LINE's millisecond timestamp), or when it arrived."""
    try:
        return datetime.fromtimestamp(int(raw["timestamp"]) / 1000, tz=timezone.utc)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return fallback


def reply_window(event_time: datetime, seconds: int) -> datetime:
    """Until when a reply token from an event at event_time is worth using."""
    return event_time + timedelta(seconds=seconds)
