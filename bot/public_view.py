"""The public view of a case: the one way a case leaves toward anyone but its reporter and staff.

As bot/notify.py decides who hears of a change, this module decides what they see. Every output
toward other people renders a PublicCase: other citizens in LINE (the nearby offer, a typed ticket,
follow, followers' pushes), the public board and its district, agency and hotspot pages, the CSV and
GeoJSON exports, Open311 and outgoing webhooks; photo links (bot/photos.py) ask it whether a photo
may still be served. A PublicCase has no field for the reporter, so no output can name them. It is
never made from a hidden case, holds only the photos moderators left shown, passes every free text
through nlp.redact (house numbers masked too), and gives the address as road and soi, subdistrict
and district. The fast paths (the export, Open311) build it from plain rows; the rules are the same.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable, NamedTuple

from sqlalchemy import bindparam, null, select
from sqlalchemy.orm import selectinload

import nlp
from storage.models import Case, Photo

VISIBLE = Case.hidden.is_(False)  # SQL: the cases the public may see
PHOTO_VISIBLE = Photo.hidden.is_(False)  # SQL: the photos the public may see (of visible cases)
# The columns a public view is made from. Plain rows for of_row select them all (row_columns);
# reading a missing one from a row would cost an exception per field on the export's fast path.
ROW_COLUMNS = (Case.ticket_id, Case.state, Case.categories, Case.description, Case.address,
               Case.place_words, Case.district, Case.subdistrict, Case.latitude, Case.longitude,
               Case.source, Case.stars, Case.reopen_count, Case.created_at, Case.updated_at,
               Case.state_times, Case.agency_id, Case.hidden)


class Hidden(LookupError):
    """A moderator hid the case: it has no public view."""


# Named tuples, not frozen dataclasses: as immutable, and the export makes tens of thousands a second.
class PublicPhoto(NamedTuple):
    """A photo the public may see: its id (for a link) and whether it shows the report or the fix."""

    id: int
    kind: str
    hidden = False  # a public photo is never a hidden one (not a field: a constant)


class PublicEvent(NamedTuple):
    """One step of a case's history as the public reads it: what and when, never who."""

    action: str
    from_state: str | None
    to_state: str
    note: str  # redacted; '' when there is none
    created_at: datetime


class PublicCase(NamedTuple):
    """What anyone may know of a case. Field names match Case's, so a card renders either."""

    ticket_id: str
    state: str
    categories: tuple[str, ...]
    description: str
    address: str  # road and soi, subdistrict and district ('' when none is known)
    street: str  # road and soi only, for cards and pages that name the district themselves
    place_words: str
    district: str | None
    subdistrict: str | None
    postcode: str | None
    latitude: float | None
    longitude: float | None
    source: str | None
    stars: int | None
    reopen_count: int
    created_at: datetime
    updated_at: datetime | None
    state_times: dict
    agency_id: int | None
    agency: object | None = None  # the responsible Agency (public: its names), when loaded
    photos: tuple[PublicPhoto, ...] = ()
    events: tuple[PublicEvent, ...] = ()

    def place_lines(self) -> list[str]:
        """The reporter's place words and the road and soi, each once: "หน้าซอยสุขุมวิท 11" says
        all that "ซอยสุขุมวิท 11" does, so the shorter one is not printed below it."""
        lines = list(dict.fromkeys(line.strip() for line in (self.place_words, self.street)
                                   if line and line.strip()))
        return [line for line in lines if not any(line != other and line in other
                                                  for other in lines)]


def public_text(text: str | None) -> str:
    """Free text as the public may read it: personal data and house numbers masked ('' for None)."""
    if not text:
        return ""
    return nlp.mask_house_numbers(nlp.redact(text))


def of(case, *, history: bool = True) -> PublicCase:
    """The public view of a case (or the view itself); Hidden when a moderator hid the case.
    Without history, its photos and events are not read (a webhook sends neither)."""
    if isinstance(case, PublicCase):
        return case
    if case.hidden:
        raise Hidden(case.ticket_id)
    if not history:
        return _view(tuple(getattr(case, column.key) for column in ROW_COLUMNS), case.agency)
    photos = tuple(PublicPhoto(p.id, p.kind) for p in case.photos if not p.hidden)
    events = tuple(PublicEvent(e.action, e.from_state, e.to_state, public_text(e.note), e.created_at)
                   for e in case.events)
    return _view(tuple(getattr(case, column.key) for column in ROW_COLUMNS), case.agency, photos,
                 events)


def row_columns(leaving_out: tuple[str, ...] = ()) -> list:
    """ROW_COLUMNS to select for of_row, those a path never prints selected as NULL (so they are
    neither sent nor decoded)."""
    return [null().label(c.key) if c.key in leaving_out else c for c in ROW_COLUMNS]


def of_row(row, start: int = 0) -> PublicCase:
    """The public view of a plain row whose columns from `start` on are row_columns(). The query
    leaves hidden cases out (VISIBLE); a row that says it is hidden raises Hidden all the same."""
    # Read by position: a row's attribute lookups by name were a quarter of the export's time.
    return _view(tuple(row[start:start + len(ROW_COLUMNS)]))


def _view(values: tuple, agency=None, photos: tuple = (), events: tuple = ()) -> PublicCase:
    """A PublicCase from the values of ROW_COLUMNS, in their order."""
    (ticket_id, state, categories, description, address, place_words, district, subdistrict,
     latitude, longitude, source, stars, reopen_count, created_at, updated_at, state_times,
     agency_id, hidden) = values
    if hidden:
        raise Hidden(ticket_id)
    street = public_text(nlp.streets.streets(address))  # district names come from our own lists
    return PublicCase(
        ticket_id, state, tuple(categories or ()), public_text(description),
        nlp.streets.with_area(street, district, subdistrict), street, public_text(place_words),
        district, subdistrict, nlp.streets.postcode(address), latitude, longitude, source, stars,
        reopen_count or 0, created_at, updated_at, state_times or {}, agency_id, agency, photos,
        events)


def find(session, ticket_id: str) -> PublicCase | None:
    """A public case by ticket id, with its history and photos, or None when there is none or it
    is hidden."""
    case = session.scalar(select(Case).where(Case.ticket_id == ticket_id.strip().upper(), VISIBLE)
                          .options(selectinload(Case.photos), selectinload(Case.events)))
    return of(case) if case is not None else None


def withdrawn(session, ticket_id: str) -> bool:
    """Whether the ticket names a case a moderator hid (its page says it was taken down, not that
    it never was; nothing else of it is read)."""
    return session.scalar(select(Case.id).where(Case.ticket_id == ticket_id.strip().upper(),
                                                Case.hidden.is_(True))) is not None


def photos_of(session, case_ids: list[int]) -> dict[int, list[PublicPhoto]]:
    """The shown photos of many visible cases, in order, in one query (for lists built from rows)."""
    if not case_ids:
        return {}
    ids = Photo.case_id.in_(bindparam("case_ids", case_ids, expanding=True, literal_execute=True))
    out: dict[int, list[PublicPhoto]] = {}
    for case_id, photo_id, kind in session.execute(
            select(Photo.case_id, Photo.id, Photo.kind).where(ids, PHOTO_VISIBLE).order_by(Photo.id)):
        out.setdefault(case_id, []).append(PublicPhoto(photo_id, kind))
    return out


def first_photo(photos: Iterable[PublicPhoto]) -> PublicPhoto | None:
    """The photo that stands for a case: the first of the report, else the first of the fix."""
    photos = list(photos)
    return next((p for p in photos if p.kind != "after"), photos[0] if photos else None)


def servable_photo(session, photo_id: int) -> Photo | None:
    """The photo a public link may serve now: shown, and of a case that is shown (else None).

    Asked at every request, so a moderator's hiding takes effect at once."""
    return session.scalar(select(Photo).join(Case, Photo.case_id == Case.id)
                          .where(Photo.id == photo_id, PHOTO_VISIBLE, VISIBLE))


def visible_tickets(session, tickets: Iterable[str]) -> set[str]:
    """Which of these tickets are public now (for figures cached before a moderator hid one)."""
    wanted = list(dict.fromkeys(tickets))
    if not wanted:
        return set()
    return set(session.scalars(select(Case.ticket_id).where(Case.ticket_id.in_(wanted), VISIBLE)))
