"""Cases as Open311 service requests: public fields only, text redacted, states as open/closed."""
from __future__ import annotations

import re

from bot import cases as lifecycle
from bot.opendata import agency
from bot.opendata.catalog import service_for_case
from bot.opendata.public import public_text, visible_photos
from bot.opendata.queries import wire_status
from bot.photos import photo_url
from storage.models import Case

ZIPCODE = re.compile(r"\b(1\d{4})\b")


def request_document(case: Case, settings) -> dict:
    """One service request as GET requests shows it."""
    service = service_for_case(case.categories)
    document = {
        "service_request_id": case.ticket_id, "status": wire_status(case.state),
        "status_notes": status_notes(case), "service_name": service.name,
        "service_code": service.code, "description": public_text(case.description)[:4000] or None,
        "agency_responsible": agency.responsible_agency_name(case, "th"),
        "service_notice": None, "requested_datetime": case.created_at.isoformat(),
        "updated_datetime": case.updated_at.isoformat(),
        "address": public_text(case.address) or _place(case), "address_id": None,
        "zipcode": _zipcode(case.address), "lat": case.latitude, "long": case.longitude,
        "media_url": media_url(case, settings)}
    expected = agency.expected_datetime(case)
    if expected is not None:  # only when enough cases like it finished lately (bot/insight/usual.py)
        document["expected_datetime"] = expected.isoformat()
    return document


def status_notes(case: Case) -> str:
    """Why the case is where it is: the latest officer note (redacted) or the state's names."""
    names = f"{lifecycle.state_label(case.state, 'en')} ({lifecycle.state_label(case.state, 'th')})"
    notes = [event.note for event in case.events if event.note and event.to_state == case.state]
    return f"{names}: {public_text(notes[-1])}" if notes else names


def media_url(case: Case, settings) -> str | None:
    """A signed public link to the case's first photo that moderators have not hidden."""
    photos = [p for p in visible_photos(case) if p.kind != "after"] or visible_photos(case)
    return photo_url(settings, photos[0].id) if photos else None


def _place(case: Case) -> str | None:
    """Subdistrict and district when there is no address text."""
    parts = [f"แขวง{case.subdistrict}" if case.subdistrict else "",
             f"เขต{case.district}" if case.district else ""]
    return " ".join(p for p in parts if p) or None


def _zipcode(address: str | None) -> str | None:
    """The Thai postcode written in the address, if any."""
    found = ZIPCODE.findall(address or "")
    return found[-1] if found else None
