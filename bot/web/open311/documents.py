"""Cases as Open311 service requests, from their public view: states as open/closed."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import bindparam, select

from bot import cases as lifecycle
from bot import public_view
from bot.opendata import agency
from bot.opendata.catalog import service_for_case
from bot.opendata.queries import wire_status
from bot.photos import photo_url
from storage.models import Case, CaseEvent

# The columns a document prints: a page of 1,000 requests is read as plain rows, since building
# ORM objects with their photos and history cost ten times the SQL (bench/scale.py).
COLUMNS = (Case.id, *public_view.row_columns(("place_words", "source", "stars", "reopen_count")))


def request_documents(session, rows, settings) -> list[dict]:
    """Service requests as GET requests shows them, from rows of COLUMNS, in the rows' order."""
    ids = [row.id for row in rows]
    notes, photos = _notes(session, ids), public_view.photos_of(session, ids)
    names = agency.names_by_id(session, {row.agency_id for row in rows}, "th")
    return [_document(row, notes.get((row.id, row.state)), photos.get(row.id, []),
                      names.get(row.agency_id), session, settings) for row in rows]


def _document(row, note: str | None, photos: list, agency_name: str | None, session,
              settings) -> dict:
    """One service request."""
    case = public_view.of_row(row, start=1)  # after Case.id
    service = service_for_case(list(case.categories))
    document = {
        "service_request_id": case.ticket_id, "status": wire_status(case.state),
        "status_notes": _status_notes(case.state, note), "service_name": service.name,
        "service_code": service.code, "description": case.description[:4000] or None,
        "agency_responsible": agency_name,
        "service_notice": None, "requested_datetime": case.created_at.isoformat(),
        "updated_datetime": _updated_datetime(case),
        "address": case.address or None, "address_id": None,
        "zipcode": case.postcode, "lat": case.latitude, "long": case.longitude,
        "media_url": _media_url(photos, settings)}
    expected = agency.expected_datetime(session, case)
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


def _among(column, ids: list[int]):
    """column IN (ids), the integers written into the SQL: a thousand bound parameters cost
    more to compile and send than the query itself takes."""
    return column.in_(bindparam(f"{column.key}_list", ids, expanding=True, literal_execute=True))


def _status_notes(state: str, note: str | None) -> str:
    """Why the case is where it is: the latest officer note (redacted) or the state's names."""
    names = f"{lifecycle.state_label(state, 'en')} ({lifecycle.state_label(state, 'th')})"
    note = public_view.public_text(note)
    return f"{names}: {note}" if note else names


def _media_url(photos: list[public_view.PublicPhoto], settings) -> str | None:
    """A fresh signed link to the case's first shown photo, a before photo rather than an after."""
    chosen = public_view.first_photo(photos)
    return photo_url(settings, chosen.id) if chosen else None
