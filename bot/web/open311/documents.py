"""Cases as Open311 service requests: public fields only, text redacted, states as open/closed."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import bindparam, select

from bot import cases as lifecycle
from bot.opendata import agency
from bot.opendata.catalog import service_for_case
from bot.opendata.public import public_text
from bot.opendata.queries import wire_status
from bot.photos import photo_url
from storage.models import Case, CaseEvent, Photo

ZIPCODE = re.compile(r"\b(1\d{4})\b")
# The columns a document prints: a page of 1,000 requests is read as plain rows, since building
# ORM objects with their photos and history cost ten times the SQL (bench/scale.py).
COLUMNS = (Case.id, Case.ticket_id, Case.state, Case.categories, Case.description, Case.agency_id,
           Case.created_at, Case.updated_at, Case.address, Case.subdistrict, Case.district,
           Case.latitude, Case.longitude, Case.state_times)


def request_documents(session, rows, settings) -> list[dict]:
    """Service requests as GET requests shows them, from rows of COLUMNS, in the rows' order."""
    ids = [row.id for row in rows]
    notes, photos = _notes(session, ids), _photos(session, ids)
    names = agency.names_by_id(session, {row.agency_id for row in rows}, "th")
    return [_document(row, notes.get((row.id, row.state)), photos.get(row.id, []),
                      names.get(row.agency_id), session, settings) for row in rows]


def _document(row, note: str | None, photos: list, agency_name: str | None, session,
              settings) -> dict:
    """One service request."""
    service = service_for_case(row.categories)
    document = {
        "service_request_id": row.ticket_id, "status": wire_status(row.state),
        "status_notes": _status_notes(row.state, note), "service_name": service.name,
        "service_code": service.code, "description": public_text(row.description)[:4000] or None,
        "agency_responsible": agency_name,
        "service_notice": None, "requested_datetime": row.created_at.isoformat(),
        "updated_datetime": _updated_datetime(row),
        "address": public_text(row.address) or _place(row), "address_id": None,
        "zipcode": _zipcode(row.address), "lat": row.latitude, "long": row.longitude,
        "media_url": _media_url(photos, settings)}
    expected = agency.expected_datetime(session, row)
    if expected is not None:  # only when enough cases like it finished lately (bot/insight/usual.py)
        document["expected_datetime"] = expected.isoformat()
    return document


def _updated_datetime(row) -> str:
    """When the request last changed; a closed one's is when it was closed (the spec's rule),
    not a later edit such as a moderator's redaction."""
    closed = (row.state_times or {}).get(row.state) if wire_status(row.state) == "closed" else None
    try:
        moment = datetime.fromisoformat(closed) if closed else row.updated_at
    except (TypeError, ValueError):
        moment = row.updated_at
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def _notes(session, ids: list[int]) -> dict[tuple[int, str], str]:
    """The latest officer note of each case for each state it was moved to, in one query."""
    rows = session.execute(select(CaseEvent.case_id, CaseEvent.to_state, CaseEvent.note)
                           .where(_among(CaseEvent.case_id, ids), CaseEvent.note.is_not(None))
                           .order_by(CaseEvent.id)) if ids else []
    return {(case_id, state): note for case_id, state, note in rows if note}


def _photos(session, ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Each case's photos that moderators have not hidden, as (id, kind) in order, in one query."""
    out: dict[int, list[tuple[int, str]]] = {}
    rows = session.execute(select(Photo.case_id, Photo.id, Photo.kind)
                           .where(_among(Photo.case_id, ids), Photo.hidden.is_(False))
                           .order_by(Photo.id)) if ids else []
    for case_id, photo_id, kind in rows:
        out.setdefault(case_id, []).append((photo_id, kind))
    return out


def _among(column, ids: list[int]):
    """column IN (ids), the integers written into the SQL: a thousand bound parameters cost
    more to compile and send than the query itself takes."""
    return column.in_(bindparam(f"{column.key}_list", ids, expanding=True, literal_execute=True))


def _status_notes(state: str, note: str | None) -> str:
    """Why the case is where it is: the latest officer note (redacted) or the state's names."""
    names = f"{lifecycle.state_label(state, 'en')} ({lifecycle.state_label(state, 'th')})"
    return f"{names}: {public_text(note)}" if note else names


def _media_url(photos: list[tuple[int, str]], settings) -> str | None:
    """A signed public link to the case's first visible photo, a before photo rather than an after."""
    chosen = [p for p in photos if p[1] != "after"] or photos
    return photo_url(settings, chosen[0][0]) if chosen else None


def _place(row) -> str | None:
    """Subdistrict and district when there is no address text."""
    parts = [f"แขวง{row.subdistrict}" if row.subdistrict else "",
             f"เขต{row.district}" if row.district else ""]
    return " ".join(p for p in parts if p) or None


def _zipcode(address: str | None) -> str | None:
    """The Thai postcode written in the address, if any."""
    found = ZIPCODE.findall(address or "")
    return found[-1] if found else None
